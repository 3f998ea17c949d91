/**
 * Helpers the store backends and decorators share (merging ordered answers, filter-by-filter limits,
 * member lifecycles, the closed-store guard, import tallies). Not a public API: it may change in any
 * release. It sits above {@code store} and {@code event}, which never import it; the bottom layer,
 * {@code io.reactivestore.internal}, knows neither.
 */
@NullMarked
package io.reactivestore.store.internal;

import org.jspecify.annotations.NullMarked;
