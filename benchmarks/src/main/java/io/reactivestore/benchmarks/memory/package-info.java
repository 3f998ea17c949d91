/**
 * Benchmarks of the in-memory and LMDB stores: saves, batches and queries. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.memory;

import org.jspecify.annotations.NullMarked;
