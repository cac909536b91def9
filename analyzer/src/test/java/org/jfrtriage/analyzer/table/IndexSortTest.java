package org.jfrtriage.analyzer.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexSortTest {

    @Test
    void ordersByKeyKeepingEqualKeysInTheirOrder() {
        long[] keys = {30, 10, 20, 10, 30, 5};
        assertThat(IndexSort.byKey(keys)).containsExactly(5, 1, 3, 2, 0, 4);
        assertThat(IndexSort.byKey(new long[0])).isEmpty();
    }

    @Test
    void sortsOnlyTheRangeAskedFor() {
        long[] keys = {9, 8, 7, 6, 5, 4, 3};
        int[] indices = {0, 1, 2, 3, 4, 5, 6};
        IndexSort.sort(indices, 2, 6, (i, j) -> Long.compare(keys[i], keys[j]));
        assertThat(indices).containsExactly(0, 1, 5, 4, 3, 2, 6);
    }
}
