package io.reactivestore.internal;

import io.reactivestore.event.Filter;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The filters of {@code EventStore.export(pubkeys)}: events by the keys, or p-tagging them. */
public final class ExportFilters {

    private ExportFilters() {
    }

    /**
     * {@code [{"authors": pubkeys}, {"#p": pubkeys}]}.
     *
     * @param pubkeys the users' public keys
     * @return the two filters, which match nothing when {@code pubkeys} is empty
     */
    public static List<Filter> byOrAbout(Set<String> pubkeys) {
        Objects.requireNonNull(pubkeys, "pubkeys");
        return List.of(Filter.builder().authors(pubkeys).build(), Filter.builder().tag("p", pubkeys).build());
    }
}
