/**
 * Helpers shared across reactive-store packages. Not a public API: it may change in any release.
 */
@NullMarked
package io.reactivestore.internal;

import org.jspecify.annotations.NullMarked;
