package io.reactivestore.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link EventKey}'s shortcut through the id prefix must order keys exactly as the rule does:
 * {@code created_at} descending, then the id string ascending; range bounds before and after every id.
 */
class EventKeyOrderTest {

    @Property(tries = 2000)
    void ordersAsCreatedAtDescendingThenIdAscending(@ForAll("ids") String a, @ForAll("ids") String b,
                                                    @ForAll("times") long ta, @ForAll("times") long tb) {
        int expected = ta != tb ? Long.compare(tb, ta) : a.compareTo(b);
        assertThat(Integer.signum(key(ta, a).compareTo(key(tb, b)))).isEqualTo(Integer.signum(expected));
    }

    @Property(tries = 500)
    void boundsEncloseEveryIdAtTheirTime(@ForAll("ids") String id, @ForAll("times") long t) {
        assertThat(EventKey.firstAt(t).compareTo(key(t, id))).isLessThanOrEqualTo(0);
        assertThat(EventKey.afterAll(t).compareTo(key(t, id))).isGreaterThan(0);
        assertThat(EventKey.afterAll(t).compareTo(key(t - 1, id))).isLessThan(0);
    }

    /** Ids that often share their first 16 digits or more, including the extremes 0 and f. */
    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> prefix = Arbitraries.of("", "0000000000000000", "ffffffffffffffff", "8000000000000000",
                "7fffffffffffffff", "a1b2c3d4e5f60718");
        return prefix.flatMap(p -> Arbitraries.strings().withChars("0123456789abcdef")
                .ofLength(64 - p.length()).map(rest -> p + rest));
    }

    @Provide
    Arbitrary<Long> times() {
        return Arbitraries.longs().between(1_700_000_000L, 1_700_000_003L);
    }

    private static EventKey key(long createdAt, String id) {
        return new EventKey(createdAt, EventKey.prefixOf(id), id, null);
    }
}
