/**
 * Outbox benchmark. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.outbox;

import org.jspecify.annotations.NullMarked;
