/**
 * Example: NIP-77 sync between relays. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.examples.sync;

import org.jspecify.annotations.NullMarked;
