/**
 * {@link io.reactivestore.store.composite.CompositeEventStore}: several event stores used as one, each
 * holding (normally) the same events. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.store.composite;

import org.jspecify.annotations.NullMarked;
