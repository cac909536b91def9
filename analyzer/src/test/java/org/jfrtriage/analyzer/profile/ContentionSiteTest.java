package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.junit.jupiter.api.Test;

/**
 * A site's distinct threads, kept in two words of its own for threads 0–127 and in a set past them; its owners,
 * scanned up to eight, then indexed by thread id below 1,024 and in a map past it.
 */
class ContentionSiteTest {

    @Test
    void countsEachThreadOnceOnBothSidesOfEveryWord() {
        ContentionSite site = new ContentionSite(0, ContentionKind.PARK, "java.util.concurrent.Semaphore$NonfairSync", 1,
                WaitCategory.LOCK);
        int[] threads = {0, 1, 63, 64, 65, 127, 128, 129, 5000, 63, 128, 0};
        for (int t : threads) {
            site.add(1_000L, t, ThreadTable.NONE);
        }
        site.add(1_000L, -1, ThreadTable.NONE); // no thread: counted as a wait, not as a thread
        BitSet expected = new BitSet();
        for (int t : new int[] {0, 1, 63, 64, 65, 127, 128, 129, 5000}) {
            expected.set(t);
        }
        assertThat(site.threads()).isEqualTo(expected);
        assertThat(site.threadCount()).isEqualTo(9);
        assertThat(site.events()).isEqualTo(13);
        // a copy: changing it leaves the site as it was
        site.threads().clear();
        assertThat(site.threadCount()).isEqualTo(9);
    }

    @Test
    void aSiteWithFewThreadsNeedsNoSet() {
        ContentionSite site = new ContentionSite(0, ContentionKind.MONITOR_ENTER, "java.lang.Object", 1, WaitCategory.LOCK);
        site.add(5L, 3, ThreadTable.NONE);
        site.add(5L, 100, ThreadTable.NONE);
        assertThat(site.threads().stream()).containsExactly(3, 100);
        assertThat(site.threadCount()).isEqualTo(2);
    }

    @Test
    void sumsEachOwnersWaitsWhetherScannedIndexedOrMapped() {
        ContentionSite site = new ContentionSite(0, ContentionKind.MONITOR_ENTER, "java.lang.Object", 1, WaitCategory.LOCK);
        // the first owners are scanned; the ninth turns on the index, which holds ids below 16 per owner (1023 at
        // most): 1023 and 600 go to the map first, and stay there once 61 more owners make room for them
        int[] first = {7, 0, 3, 1023, 7, 1, 2, 4, 5, 6, 9000, 1024, 0, 1023, 8, 600, 9000, 1024, 2000, 6, 100_000, 8};
        int[] owners = new int[first.length + 61 + 5];
        System.arraycopy(first, 0, owners, 0, first.length);
        for (int i = 0; i < 61; i++) {
            owners[first.length + i] = 10 + i;
        }
        System.arraycopy(new int[] {600, 700, 1023, 70, 9000}, 0, owners, first.length + 61, 5);
        Map<Integer, Long> expected = new LinkedHashMap<>();
        long nanos = 1;
        for (int owner : owners) {
            site.add(nanos, 1, owner);
            expected.merge(owner, nanos, Long::sum);
            nanos = nanos * 3 % 1_000_003;
        }
        site.add(1L << 40, 1, ThreadTable.NONE); // no owner named: counted as a wait, charged to no one
        assertThat(site.ownerNanos()).containsExactlyEntriesOf(expected);
        assertThat(site.events()).isEqualTo(owners.length + 1);
    }
}
