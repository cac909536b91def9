package org.jfrtriage.analyzer.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stack pool's growth: doubled while small, then by half, never past the budget before the budget is reached. */
class StackTableTest {

    @Test
    void aSmallPoolDoublesALargeOneGrowsByHalf() {
        assertThat(StackTable.grown(4096, 4097, 24_000_000)).isEqualTo(8192);
        assertThat(StackTable.grown(1 << 19, (1 << 19) + 1, 24_000_000)).isEqualTo(1 << 20);
        assertThat(StackTable.grown(1 << 20, (1 << 20) + 1, 24_000_000)).isEqualTo((1 << 20) + (1 << 19));
        assertThat(StackTable.grown(1 << 20, 5_000_000, 24_000_000)).isEqualTo(5_000_000); // what one stack needs, at least
    }

    @Test
    void growthStopsAtTheBudgetUntilTheBudgetIsSpent() {
        assertThat(StackTable.grown(20_000_000, 20_000_001, 24_000_000)).isEqualTo(24_000_000);
        assertThat(StackTable.grown(24_000_000, 24_000_016, 24_000_000)).isEqualTo(36_000_000); // shortened stacks past it
        assertThat(StackTable.grown(2_000_000_000, 2_000_000_001, 24_000_000)).isEqualTo(Integer.MAX_VALUE - 8);
    }

    @Test
    void stacksKeepTheirFramesAcrossGrowth() {
        StackTable table = new StackTable();
        int[] ids = new int[100];
        int[] stackIds = new int[3_000];
        for (int s = 0; s < stackIds.length; s++) {
            for (int k = 0; k < ids.length; k++) {
                ids[k] = (s * 31 + k) % 977;
            }
            stackIds[s] = table.stackId(ids, false);
        }
        for (int s = 0; s < stackIds.length; s++) {
            assertThat(table.depth(stackIds[s])).isEqualTo(100);
            for (int k = 0; k < ids.length; k += 33) {
                assertThat(table.frameId(stackIds[s], k)).isEqualTo((s * 31 + k) % 977);
            }
        }
    }
}
