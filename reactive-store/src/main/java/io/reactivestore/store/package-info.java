/**
 * The {@link io.reactivestore.store.EventStore} API that every backend, decorator and the relay share,
 * with its results and errors. Backends live in sub-packages ({@code memory}, {@code r2dbc}, ...).
 */
@NullMarked
package io.reactivestore.store;

import org.jspecify.annotations.NullMarked;
