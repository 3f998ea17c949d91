package io.reactivestore.store;

import io.reactivestore.event.Filter;
import java.util.List;

/**
 * A query or count had a filter with a NIP-50 {@code search}, and the store does not
 * {@linkplain EventStore#supportsSearch() support search}: nothing was read. A store never ignores a
 * {@code search} it cannot answer, since that would return events that do not match. Not transient.
 */
public final class SearchNotSupportedException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param store what the store is, for the message (such as {@code "LMDB event store"})
     */
    public SearchNotSupportedException(String store) {
        super("search is not supported by the " + store);
    }

    /**
     * Fails with this exception if any of {@code filters} has a {@code search}.
     *
     * @param filters the filters of a query or count
     * @param store what the store is, for the message
     * @throws SearchNotSupportedException if any filter has a {@code search}
     */
    public static void refuseSearch(List<Filter> filters, String store) {
        if (Filter.anySearch(filters)) {
            throw new SearchNotSupportedException(store);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code false}: the same store will refuse the same search again
     */
    @Override
    public boolean isTransient() {
        return false;
    }
}
