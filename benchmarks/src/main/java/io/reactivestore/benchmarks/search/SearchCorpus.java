package io.reactivestore.benchmarks.search;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic corpus of the search benchmarks: a 50 000-word vocabulary of pseudo-words (index = frequency
 * rank) and note contents of 5 to 40 words drawn with Zipf (s = 1) frequencies, a few capitalized, some
 * separated by commas. Deterministic for a given random generator. Not thread-safe.
 */
final class SearchCorpus {

    static final int VOCABULARY = 50_000;

    final String[] words = vocabulary();
    private final double[] cumulative = zipf();

    /** A note's content drawn with {@code random}. */
    String content(SplittableRandom random) {
        int count = 5 + random.nextInt(36);
        StringBuilder content = new StringBuilder();
        for (int w = 0; w < count; w++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble());
            String word = words[rank < 0 ? Math.min(-rank - 1, VOCABULARY - 1) : rank];
            content.append(w == 0 ? "" : random.nextInt(10) == 0 ? ", " : " ")
                    .append(random.nextInt(20) == 0 ? word.toUpperCase(Locale.ROOT) : word);
        }
        return content.toString();
    }

    private static String[] vocabulary() {
        SplittableRandom random = new SplittableRandom(3);
        LinkedHashSet<String> words = new LinkedHashSet<>();
        while (words.size() < VOCABULARY) {
            int length = 3 + random.nextInt(8);
            StringBuilder w = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(w.toString());
        }
        return words.toArray(new String[0]);
    }

    /** Cumulative Zipf (s = 1) probabilities over the vocabulary ranks. */
    private static double[] zipf() {
        double[] c = new double[VOCABULARY];
        double sum = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            sum += 1.0 / (i + 1);
            c[i] = sum;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            c[i] /= sum;
        }
        return c;
    }
}
