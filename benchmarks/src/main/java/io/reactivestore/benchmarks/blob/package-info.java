/**
 * Blossom and blob-replica benchmarks. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.blob;

import org.jspecify.annotations.NullMarked;
