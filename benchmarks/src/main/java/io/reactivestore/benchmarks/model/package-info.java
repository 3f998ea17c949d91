/**
 * Benchmarks of the event model: signature checks, JSON codec, CPU time helpers. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.model;

import org.jspecify.annotations.NullMarked;
