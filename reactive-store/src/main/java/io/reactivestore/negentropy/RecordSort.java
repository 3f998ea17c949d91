package io.reactivestore.negentropy;

/**
 * Sorting of {@link NegentropyStorage} records in place: five longs each ({@code created_at}, then the id as
 * four big-endian words), ordered by timestamp, then id, both unsigned.
 */
final class RecordSort {

    private static final int S = NegentropyStorage.STRIDE;
    private static final int INSERTION_THRESHOLD = 16;

    private RecordSort() {
    }

    /** Sorts the first {@code n} records of {@code a}. */
    static void sort(long[] a, int n) {
        if (isSorted(a, n, false)) {
            return;
        }
        if (isSorted(a, n, true)) {
            // newest first with ids ascending on ties: reverse all, then each run of one timestamp
            reverse(a, 0, n);
            int start = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || a[i * S] != a[start * S]) {
                    reverse(a, start, i);
                    start = i;
                }
            }
            return;
        }
        quicksort(a, 0, n - 1, new long[S]);
    }

    /** Removes adjacent equal records from the sorted first {@code n}; returns how many remain. */
    static int dedupe(long[] a, int n) {
        if (n == 0) {
            return 0;
        }
        int kept = 1;
        for (int i = 1; i < n; i++) {
            if (compare(a, i, kept - 1) != 0) {
                if (i != kept) {
                    System.arraycopy(a, i * S, a, kept * S, S);
                }
                kept++;
            }
        }
        return kept;
    }

    static int compare(long[] a, int i, int j) {
        int bi = i * S;
        int bj = j * S;
        for (int k = 0; k < S; k++) {
            int c = Long.compareUnsigned(a[bi + k], a[bj + k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Ascending, or (storeOrder) timestamps descending with ids ascending on ties. */
    private static boolean isSorted(long[] a, int n, boolean storeOrder) {
        for (int i = 1; i < n; i++) {
            int ts = Long.compareUnsigned(a[(i - 1) * S], a[i * S]);
            if (storeOrder ? ts < 0 : ts > 0) {
                return false;
            }
            if (ts == 0 && compare(a, i - 1, i) > 0) {
                return false;
            }
        }
        return true;
    }

    private static void reverse(long[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            swap(a, i, j);
        }
    }

    private static void swap(long[] a, int i, int j) {
        int bi = i * S;
        int bj = j * S;
        for (int k = 0; k < S; k++) {
            long t = a[bi + k];
            a[bi + k] = a[bj + k];
            a[bj + k] = t;
        }
    }

    private static void quicksort(long[] a, int lo, int hi, long[] pivot) {
        while (hi - lo > INSERTION_THRESHOLD) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle, then copied out as the pivot
            if (compare(a, mid, lo) < 0) {
                swap(a, mid, lo);
            }
            if (compare(a, hi, lo) < 0) {
                swap(a, hi, lo);
            }
            if (compare(a, hi, mid) < 0) {
                swap(a, hi, mid);
            }
            System.arraycopy(a, mid * S, pivot, 0, S);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (comparePivot(a, i, pivot) < 0) {
                    i++;
                }
                while (comparePivot(a, j, pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            // recurse into the smaller part, loop on the larger: stack depth O(log n)
            if (j - lo < hi - i) {
                quicksort(a, lo, j, pivot);
                lo = i;
            } else {
                quicksort(a, i, hi, pivot);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && compare(a, j - 1, j) > 0; j--) {
                swap(a, j - 1, j);
            }
        }
    }

    private static int comparePivot(long[] a, int i, long[] pivot) {
        int bi = i * S;
        for (int k = 0; k < S; k++) {
            int c = Long.compareUnsigned(a[bi + k], pivot[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
