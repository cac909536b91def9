package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Allocated bytes by (stack, class): one row per pair, whichever order the samples of a stack's classes come in. */
class AllocationTableTest {

    @Test
    void aStackAllocatingTwoClassesByTurnsKeepsARowForEach() {
        AllocationTable table = new AllocationTable();
        for (int i = 0; i < 10; i++) {
            table.add(7, i % 2 == 0 ? "byte[]" : "java.lang.String", 100, 24);
            table.add(3000, "byte[]", 10, 16); // a stack past the first thousand
        }
        table.add(-1, "byte[]", 5, 8); // no stack
        table.add(7, "byte[]", 1, 4096);
        assertThat(table.rows()).extracting(r -> r.stack() + " " + r.objectClass() + " " + r.samples() + " " + r.bytes()
                + " " + r.largestObjectBytes())
                .containsExactly("7 byte[] 6 501 4096", "3000 byte[] 10 100 16", "7 java.lang.String 5 500 24",
                        "-1 byte[] 1 5 8");
        assertThat(table.totalSamples()).isEqualTo(22);
        assertThat(table.totalBytes()).isEqualTo(501 + 100 + 500 + 5);
    }
}
