package io.reactivestore.negentropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The storage's shortcuts agree with the plain definitions: range sums from block sums, minimal bounds from bytes. */
class NegentropyStorageTest {

    @Property(tries = 100)
    void aRangeSumFromTheBlockSumsEqualsTheSumOfItsIds(
            @ForAll @IntRange(min = 0, max = 2000) int size,
            @ForAll @IntRange(min = 1, max = 50) int timestampSpread,
            @ForAll long seed) {
        Random random = new Random(seed);
        NegentropyStorage storage = storage(random, size, timestampSpread);
        for (int i = 0; i < 50; i++) {
            int begin = storage.size() == 0 ? 0 : random.nextInt(storage.size() + 1);
            int end = begin + random.nextInt(storage.size() - begin + 1);
            long[] expected = new long[4];
            storage.addIds(begin, end, expected);
            long[] actual = {7, 7, 7, 7};
            storage.sumIds(begin, end, actual);
            assertThat(actual).as("[%d, %d) of %d", begin, end, storage.size()).containsExactly(expected);
        }
    }

    @Property(tries = 100)
    void theMinimalBoundIsTheTimestampOrTheSharedPrefixPlusOneByte(
            @ForAll @IntRange(min = 2, max = 500) int size,
            @ForAll @IntRange(min = 1, max = 5) int timestampSpread,
            @ForAll long seed) {
        Random random = new Random(seed);
        NegentropyStorage storage = storage(random, size, timestampSpread);
        for (int curr = 1; curr < storage.size(); curr++) {
            Bound bound = Bound.minimal(storage, curr - 1, curr);
            byte[] a = storage.id(curr - 1);
            byte[] b = storage.id(curr);
            assertThat(bound.timestamp()).isEqualTo(storage.createdAt(curr));
            if (storage.createdAt(curr) != storage.createdAt(curr - 1)) {
                assertThat(bound.prefixLength()).isZero();
                continue;
            }
            int shared = 0;
            while (shared < 32 && a[shared] == b[shared]) {
                shared++;
            }
            int length = Math.min(32, shared + 1);
            assertThat(bound).isEqualTo(Bound.of(storage.createdAt(curr), b, length));
            assertThat(storage.compareTo(curr - 1, bound)).isNegative();
            assertThat(storage.compareTo(curr, bound)).isNotNegative();
        }
    }

    /** Records with ids that often share leading bytes, so that prefixes of every length occur. */
    private static NegentropyStorage storage(Random random, int size, int timestampSpread) {
        NegentropyStorage.Builder builder = NegentropyStorage.builder(size);
        byte[] id = new byte[32];
        for (int i = 0; i < size; i++) {
            random.nextBytes(id);
            int zeros = random.nextInt(33);
            for (int k = 0; k < zeros; k++) {
                id[k] = 0;
            }
            builder.add(1_700_000_000L + random.nextInt(timestampSpread), id.clone());
        }
        return builder.build();
    }
}
