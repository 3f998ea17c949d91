/**
 * Benchmarks of the layered (cache over PostgreSQL) store. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.layered;

import org.jspecify.annotations.NullMarked;
