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

    @Test
    void everyDepthReadsBackFrameForFrameAndIsFoundAgain() {
        StackTable table = new StackTable();
        java.util.Random random = new java.util.Random(16);
        int[][] made = new int[400][];
        int[] ids = new int[made.length];
        for (int s = 0; s < made.length; s++) {
            int n = s < 70 ? s : random.nextInt(140);
            made[s] = new int[n];
            for (int k = 0; k < n; k++) {
                // outer frames shared by many stacks, inner ones mostly apart
                made[s][k] = k >= n - 40 ? (n - k) : random.nextInt(50);
            }
            ids[s] = table.stackId(made[s], false);
        }
        for (int s = 0; s < made.length; s++) {
            assertThat(table.depth(ids[s])).isEqualTo(made[s].length);
            assertThat(table.frameIds(ids[s])).containsExactly(made[s]);
            for (int k = 0; k < made[s].length; k++) {
                assertThat(table.frameId(ids[s], k)).isEqualTo(made[s][k]);
            }
            assertThat(table.stackId(made[s].clone(), false)).isEqualTo(ids[s]);
            assertThat(table.stackId(made[s].clone(), true)).isNotEqualTo(ids[s]);
        }
    }

    @Test
    void stacksThatDifferOnlyInAnOuterSegmentAreTwoStacks() {
        StackTable table = new StackTable();
        int[] a = new int[40];
        for (int k = 0; k < a.length; k++) {
            a[k] = k;
        }
        int[] b = a.clone();
        b[35] = 99; // in the outermost segment (frames 24–39, counted from the root)
        int[] c = a.clone();
        c[10] = 99; // in the middle segment (frames 8–23)
        int first = table.stackId(a, false);
        assertThat(table.stackId(b, false)).isNotEqualTo(first);
        assertThat(table.stackId(c, false)).isNotEqualTo(first);
        assertThat(table.frameIds(table.stackId(b, false))).containsExactly(b);
        assertThat(table.frameIds(table.stackId(c, false))).containsExactly(c);
    }

    @Test
    void deepStacksWithTheSameOuterFramesStoreThemOnce() {
        StackTable table = new StackTable();
        int stacks = 1_000;
        int depth = 100;
        for (int s = 0; s < stacks; s++) {
            int[] ids = new int[depth];
            for (int k = 0; k < depth; k++) {
                ids[k] = k < 4 ? 1_000 + s * 4 + k : k; // four frames of its own, 96 outer ones shared
            }
            table.stackId(ids, false);
        }
        // each stack: its head (100 % 16 = 4 frames) and its six segments' places; the segments once
        assertThat(table.pooledIds()).isEqualTo(stacks * (4L + 6) + 6 * 16);
    }
}
