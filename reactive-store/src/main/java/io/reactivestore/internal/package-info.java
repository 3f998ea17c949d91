/**
 * Helpers shared across reactive-store packages. Not a public API: it may change in any release.
 */
package io.reactivestore.internal;
