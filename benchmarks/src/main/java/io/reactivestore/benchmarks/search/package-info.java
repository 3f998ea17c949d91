/**
 * NIP-50 search benchmarks. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.search;

import org.jspecify.annotations.NullMarked;
