/**
 * NIP-77 negentropy reconciliation benchmark. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.benchmarks.negentropy;

import org.jspecify.annotations.NullMarked;
