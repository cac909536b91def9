package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jfrtriage.rules.SyntheticProfile.MS;
import static org.jfrtriage.rules.SyntheticProfile.SECOND;
import static org.jfrtriage.rules.SyntheticProfile.T0;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Severity;

class UnsynchronizedMapWriteRuleTest {
    private static final String[] TREE_VIA_HANDLER = {"java.util.HashMap$TreeNode.putTreeVal", "java.util.HashMap.putVal",
            "com.acme.SessionTable.touch", "com.acme.Handler.handle"};
    private static final String[] TREE_VIA_BATCH = {"java.util.HashMap$TreeNode.putTreeVal", "java.util.HashMap.putVal",
            "com.acme.SessionTable.touch", "com.acme.Batch.run"};

    private static Rule.Result evaluate(SyntheticProfile p) {
        return new UnsynchronizedMapWriteRule().evaluate(p.build());
    }

    /** {@code pairs} coincident tree-bin writes by writer-1 and writer-2, 1.5 s apart, from {@code start}. */
    private static void treePairs(SyntheticProfile p, int stack, int pairs, long start) {
        for (int i = 0; i < pairs; i++) {
            p.cpu(start + i * 1500 * MS, "writer-1", stack, 1).cpu(start + i * 1500 * MS + 100_000, "writer-2", stack, 1);
        }
    }

    /** writer-3 sampled inside a tree bin every 100 ms for {@code ms}, from {@code start}. */
    private static void spin(SyntheticProfile p, int stack, long start, long ms) {
        for (long t = 0; t <= ms; t += 100) {
            p.cpu(start + t * MS, "writer-3", stack, 1);
        }
    }

    @Test
    void aLongSpinIsNamedAsACorruptedMap() {
        SyntheticProfile p = new SyntheticProfile(100);
        spin(p, p.stack(TREE_VIA_HANDLER), T0, 1000);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("A thread spun 1.0 s inside a HashMap tree bin at SessionTable.touch: the map was corrupted by concurrent writes");
        assertThat(f.evidence("writeSamples")).isEqualTo(11L);
        assertThat(f.evidence("treeNodeSamples")).isEqualTo(11L);
        assertThat(f.evidence("coincidentPairs")).isEqualTo(0L);
        assertThat(f.evidence("longestTreeSpinMs")).isEqualTo(1000.0);
        assertThat(f.evidence("threads")).isEqualTo(1L);
        assertThat(f.subject()).isEqualTo("java.util.HashMap");
        assertThat(f.id()).isEqualTo("unsynchronized-map-write|com.acme.SessionTable.touch|java.util.HashMap");
        assertThat(f.recommendation()).contains("replace it with a ConcurrentHashMap");
    }

    @Test
    void aSpinAsBadAsTheCoincidentWritesStillNamesTheSpin() {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_VIA_HANDLER);
        treePairs(p, tree, 5, T0); // score 50
        spin(p, tree, T0 + 20 * SECOND, 1000); // score 50
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).startsWith("A thread spun 1.0 s");
        assertThat(f.evidence("coincidentTreePairs")).isEqualTo(5L);
        assertThat(f.evidence("threads")).isEqualTo(3L);
    }

    @Test
    void coincidentWritesAreNamedByThreadsAndSamples() {
        SyntheticProfile p = new SyntheticProfile(100);
        int tree = p.stack(TREE_VIA_HANDLER);
        treePairs(p, tree, 6, T0);
        spin(p, tree, T0 + 20 * SECOND, 1000); // as bad as 5 pairs: the 6 pairs weigh more
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.title()).isEqualTo("3 threads write a HashMap at SessionTable.touch at the same moment (6 coincident samples)");
    }

    @Test
    void treeBinWritesWithoutCoincidenceNameTheBin() {
        SyntheticProfile p = new SyntheticProfile(100);
        spin(p, p.stack(TREE_VIA_HANDLER), T0, 300);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.title()).isEqualTo("1 thread writes HashMap tree bins at SessionTable.touch (300 ms continuously in one bin)");
    }

    @Test
    void theExampleStackHasTheMostSamplesAtTheSiteTheFirstOnATie() {
        for (int extra : new int[] {3, 0}) {
            SyntheticProfile p = new SyntheticProfile(100);
            int unrelated = p.stack("com.acme.Pricing.compute");
            int handler = p.stack(TREE_VIA_HANDLER);
            int batch = p.stack(TREE_VIA_BATCH);
            p.cpu(T0 + 50 * SECOND, "pricing", unrelated, 100);
            for (int i = 0; i < 3; i++) { // writer-1 via the handler and writer-2 via the batch, together
                p.cpu(T0 + i * 1500 * MS, "writer-1", handler, 1).cpu(T0 + i * 1500 * MS + 100_000, "writer-2", batch, 1);
            }
            for (int i = 0; i < extra; i++) {
                p.cpu(T0 + 10 * SECOND + i * 1500 * MS, "writer-3", batch, 1);
            }
            Finding f = evaluate(p).findings().get(0);
            assertThat(f.stackId()).as("extra %d", extra).isEqualTo(extra > 0 ? batch : handler);
            assertThat(f.evidence("coincidentTreePairs")).isEqualTo(3L);
        }
    }

    @Test
    void sitesAreRankedAndChecksSayWhatWasSeen() {
        SyntheticProfile p = new SyntheticProfile(100);
        spin(p, p.stack("java.util.HashMap$TreeNode.find", "java.util.HashMap.getNode", "java.util.HashMap.putVal",
                "com.acme.Index.add"), T0, 300); // info
        treePairs(p, p.stack(TREE_VIA_HANDLER), 20, T0 + 10 * SECOND); // critical
        Rule.Result result = evaluate(p);
        assertThat(result.findings()).extracting(f -> f.site().method()).containsExactly("touch", "add");
        assertThat(result.check().message()).isEqualTo("2 sites writing HashMaps concurrently");
        SyntheticProfile quiet = new SyntheticProfile(10);
        quiet.cpu(T0, "main", quiet.stack("com.acme.Main.main"), 10);
        assertThat(evaluate(quiet).check().message()).isEqualTo("no sign of a HashMap written by several threads at once");
        assertThat(evaluate(quiet).check().status()).isEqualTo(Check.Status.OK);
        assertThat(evaluate(new SyntheticProfile(10)).check().status()).isEqualTo(Check.Status.NOT_APPLICABLE);
    }

    @Test
    void theFirstFrameOfTheRecordingCanBeASite() {
        SyntheticProfile p = new SyntheticProfile(100);
        int siteFirst = p.stackWithLines("com.acme.SessionTable.touch:40"); // frame id 0
        int tree = p.stackWithLines("java.util.HashMap$TreeNode.putTreeVal:2", "java.util.HashMap.putVal:1", "com.acme.SessionTable.touch:40");
        p.cpu(T0, "main", siteFirst, 1);
        treePairs(p, tree, 6, T0 + SECOND);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.site().line()).isEqualTo(40);
        assertThat(f.stackId()).isEqualTo(tree);
    }

    private static final String[] PLAIN_RECEIVE = {"java.util.HashMap.putVal", "java.util.HashMap.put", "com.acme.Ledger.receive"};
    private static final String[] CME_ITERATE = {"java.util.ConcurrentModificationException.<init>",
            "java.util.HashMap$HashIterator.nextNode", "com.acme.Ledger.total"};

    /** {@code pairs} coincident plain writes at Ledger.receive, 20 ms apart. */
    private static SyntheticProfile plainPairs(int pairs) {
        SyntheticProfile p = new SyntheticProfile(100);
        int write = p.stack(PLAIN_RECEIVE);
        for (int i = 0; i < pairs; i++) {
            p.cpu(T0 + i * 20 * MS, "writer-1", write, 1).cpu(T0 + i * 20 * MS + MS, "writer-2", write, 1);
        }
        return p;
    }

    @Test
    void plainCoincidentWritesCorroboratedByRaceExceptionsInTheirClassAreAWarning() {
        SyntheticProfile p = plainPairs(30);
        int cme = p.stack(CME_ITERATE);
        for (int i = 0; i < 5; i++) {
            p.throwable(T0 + SECOND + i * MS, "reporter", "java.util.ConcurrentModificationException", "", cme, false);
        }
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("2 threads write a HashMap at Ledger.receive at the same moment (30 coincident samples); "
                + "5 HashMap race exceptions in Ledger");
        assertThat(f.evidence("raceExceptions")).isEqualTo(5L);
        assertThat(f.evidence("corroboration")).isEqualTo("5 race exceptions recorded, 0 CPU samples inside their construction");
        assertThat(f.recommendation()).contains("ConcurrentHashMap").contains("confine it to one thread").contains("copy-on-write");
    }

    @Test
    void withoutCorroborationPlainWritesStayInfoAndSayWhatWouldConfirmThem() {
        Finding f = evaluate(plainPairs(30)).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence("corroboration")).isEqualTo("no ConcurrentModificationException or HashMap$TreeNode ClassCastException "
                + "seen in this class; exceptions were not recorded (enable jdk.JavaExceptionThrow for a short recording: a "
                + "ConcurrentModificationException is an exception, not an Error)");
        // a CME in another class, or from a list, says nothing about this map
        SyntheticProfile other = plainPairs(30);
        other.throwable(T0, "x", "java.util.ConcurrentModificationException", "", other.stack(
                "java.util.ConcurrentModificationException.<init>", "java.util.HashMap$HashIterator.nextNode", "com.acme.Audit.dump"), false);
        other.throwable(T0, "x", "java.util.ConcurrentModificationException", "", other.stack(
                "java.util.ConcurrentModificationException.<init>", "java.util.ArrayList$Itr.next", "com.acme.Ledger.total"), false);
        Finding o = evaluate(other).findings().get(0);
        assertThat(o.severity()).isEqualTo(Severity.INFO);
        assertThat(o.evidence("raceExceptions")).isEqualTo(0L);
    }

    @Test
    void raceExceptionsNeedTenCoincidentWritesNeverASingleCoincidence() {
        for (int pairs : new int[] {1, 9}) {
            SyntheticProfile p = plainPairs(pairs);
            int cme = p.stack(CME_ITERATE);
            for (int i = 0; i < 400; i++) {
                p.throwable(T0 + SECOND + i * MS, "reporter", "java.util.ConcurrentModificationException", "", cme, false);
            }
            assertThat(evaluate(p).findings()).as("%d pairs", pairs).isEmpty();
        }
        SyntheticProfile ten = plainPairs(10);
        int cme = ten.stack(CME_ITERATE);
        for (int i = 0; i < 3; i++) {
            ten.throwable(T0 + SECOND + i * MS, "reporter", "java.util.ConcurrentModificationException", "", cme, false);
        }
        assertThat(evaluate(ten).findings().get(0).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void cpuSamplesInsideAConstructorAndTreeNodeCastsCountAsRaceExceptions() {
        SyntheticProfile p = plainPairs(12);
        p.cpu(T0 + 5 * SECOND, "reporter", p.stack(CME_ITERATE), 4);
        p.throwable(T0, "writer-1", "java.lang.ClassCastException", "class java.util.HashMap$Node cannot be cast to class "
                + "java.util.HashMap$TreeNode", p.stack("java.lang.ClassCastException.<init>", "com.acme.Ledger.receive"), false);
        Finding f = evaluate(p).findings().get(0);
        assertThat(f.evidence("raceExceptions")).isEqualTo(1L);
        assertThat(f.evidence("raceExceptionSamples")).isEqualTo(4L);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).endsWith("; 5 HashMap race exceptions in Ledger");
    }
}
