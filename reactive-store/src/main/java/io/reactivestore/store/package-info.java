/**
 * The {@link io.reactivestore.store.EventStore} API that every backend, decorator and the relay share,
 * with its results and errors. Backends live in sub-packages ({@code memory}, {@code r2dbc}, ...).
 */
package io.reactivestore.store;
