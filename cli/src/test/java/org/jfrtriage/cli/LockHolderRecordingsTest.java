package org.jfrtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.jfrtriage.report.JsonReport;

/**
 * Who held the lock, as the JSON report says it ({@code blockedBy}), on the committed recordings of issue 18's
 * workloads: the thread an on-call engineer must look at, and its code. Where a recording cannot tell, the report
 * must name no one and say why — a wrong holder costs more than none.
 */
class LockHolderRecordingsTest {

    private static final Path RECORDINGS = GoldenRecordingsTest.ROOT.resolve("sample-recordings/recordings");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> findings(String recording) {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", RECORDINGS.resolve(recording + ".jfr").toString(),
                "--format", "json");
        assertThat(r.exit()).as("exit code of %s (%s)", recording, r.err()).isIn(0, 1);
        try {
            return (List<Map<String, Object>>) JsonReport.parse(r.out()).get("findings");
        } catch (java.io.IOException e) {
            throw new AssertionError("the JSON report of " + recording + " does not parse", e);
        }
    }

    private static Map<String, Object> first(List<Map<String, Object>> findings, String kind) {
        return findings.stream().filter(f -> kind.equals(f.get("kind"))).findFirst().orElseThrow(
                () -> new AssertionError("no " + kind + " finding"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blockedBy(Map<String, Object> finding) {
        return (List<Map<String, Object>>) finding.get("blockedBy");
    }

    @SuppressWarnings("unchecked")
    private static List<String> frames(Map<String, Object> holder) {
        return ((List<Map<String, Object>>) holder.get("frames")).stream()
                .map(f -> f.get("class") + "." + f.get("method")).toList();
    }

    static Stream<Arguments> holders() {
        return Stream.of(
                // a housekeeping thread iterating a synchronizedMap under its lock: the sweeper, not a request thread
                Arguments.of("SyncRegistrySweep-jdk17-default", "session-sweeper", "demo.sessions.SyncRegistrySweep$SessionRegistry.sweepEntries"),
                Arguments.of("SyncRegistrySweep-jdk25-profile", "session-sweeper", "demo.sessions.SyncRegistrySweep$SessionRegistry.sweepEntries"),
                Arguments.of("SyncRegistrySweep-async-profiler", "session-sweeper", "demo.sessions.SyncRegistrySweep$SessionRegistry.sweepEntries"),
                // writers holding a ReentrantReadWriteLock's write lock while recomputing
                Arguments.of("CoarseRwLockStore-jdk25-profile", "restock-", "demo.store.CoarseRwLockStore$InventoryStore.recompute"),
                Arguments.of("CoarseRwLockStore-async-profiler", "restock-", "demo.store.CoarseRwLockStore$InventoryStore.recompute"),
                // the slow loader inside computeIfAbsent: whichever request thread is loading holds the bin
                Arguments.of("ComputeIfAbsentSlowLoader-jdk17-default", "request-", "demo.cache.ComputeIfAbsentSlowLoader$ProfileCache.loadFromDatabase"),
                Arguments.of("ComputeIfAbsentSlowLoader-jdk25-profile", "request-", "demo.cache.ComputeIfAbsentSlowLoader$ProfileCache.loadFromDatabase"),
                Arguments.of("ComputeIfAbsentSlowLoader-async-profiler", "request-", "demo.cache.ComputeIfAbsentSlowLoader$ProfileCache.loadFromDatabase"),
                // virtual threads behind a monitor held by a platform-thread refresher (async-profiler on JDK 25)
                Arguments.of("VirtualThreadsBehindLock-async-profiler-jdk25", "tariff-refresher",
                        "demo.vthreads.VirtualThreadsBehindLock$TariffService.rebuildTariffs"));
    }

    @ParameterizedTest(name = "{0}: held by {1} in {2}")
    @MethodSource("holders")
    void theLockFindingNamesTheHolderAndItsCode(String recording, String holder, String method) {
        Map<String, Object> lock = first(findings(recording), "lock-hotspot");
        List<Map<String, Object>> by = blockedBy(lock);
        assertThat(by).as("%s blockedBy", recording).isNotEmpty();
        assertThat((String) by.get(0).get("thread")).as("%s top holder", recording).startsWith(holder);
        assertThat(frames(by.get(0))).as("%s top holder's frames", recording).contains(method);
        assertThat((double) ((Number) by.get(0).get("share")).doubleValue()).isPositive();
    }

    @Test
    void parkedReadersWithoutDumpsOrSamplesInTheLockNameNoHolderAndSayWhy() {
        // JDK 17 default settings: parks name no owner, no dump during the waits, and the samples spread over many threads
        Map<String, Object> lock = first(findings("CoarseRwLockStore-jdk17-default"), "lock-hotspot");
        assertThat(blockedBy(lock)).isEmpty();
        @SuppressWarnings("unchecked") Map<String, Object> evidence = (Map<String, Object>) lock.get("evidence");
        assertThat((String) evidence.get("blockedByUnknown")).contains("jdk.ThreadDump");
    }

    @ParameterizedTest
    @MethodSource("dumpedDeadlocks")
    void bothDeadlocksNameEveryThreadOfTheirCycle(String recording) {
        List<Map<String, Object>> deadlocks = findings(recording).stream().filter(f -> "deadlock".equals(f.get("kind"))).toList();
        assertThat(deadlocks).hasSize(2);
        assertThat(deadlocks).extracting(f -> blockedBy(f).stream().map(h -> (String) h.get("thread")).sorted().toList())
                .containsExactlyInAnyOrder(List.of("restock-north", "restock-south"), List.of("transfer-1", "transfer-2"));
        assertThat(deadlocks).allSatisfy(f -> assertThat(f.get("severity")).isEqualTo("critical"));
    }

    static Stream<String> dumpedDeadlocks() {
        return Stream.of("LockOrderDeadlock-jdk17-default", "LockOrderDeadlock-jdk25-profile");
    }

    @ParameterizedTest
    @MethodSource("sampledDeadlocks")
    void withoutDumpsWallSamplesShowEveryStuckThreadAsAHangNotAProvenCycle(String recording) {
        Map<String, Object> stuck = first(findings(recording), "deadlock");
        assertThat(stuck.get("severity")).isEqualTo("warning");
        assertThat((String) stuck.get("title")).contains("to the end of the recording").contains("a deadlock or a hang");
        @SuppressWarnings("unchecked") Map<String, Object> evidence = (Map<String, Object>) stuck.get("evidence");
        assertThat((String) evidence.get("stuckThreads")).contains("transfer-1", "transfer-2", "restock-north",
                "restock-south", "statement-1");
        assertThat((String) evidence.get("waitSource")).contains("wall-clock samples every");
        assertThat(blockedBy(stuck)).isEmpty();
    }

    static Stream<String> sampledDeadlocks() {
        return Stream.of("LockOrderDeadlock-async-profiler", "LockOrderDeadlock-async-profiler-jdk25");
    }
}
