package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * Format 0.9 (Oracle JDK 7u40–8, JRockit R28) from JMC's corpus. The expected counts were taken by walking the
 * files' event records (size, type id) independently of the reader; the rest is what JMC shows for them.
 */
class Format09RecordingsTest {

    private static final String HOTSPOT = "http://www.oracle.com/hotspot/jvm/";
    private static final String JROCKIT = "http://www.oracle.com/jrockit/jvm/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Analyzer.Engine.class)
    void oracleJdk7HotSpotRecording(Analyzer.Engine engine) throws Exception {
        Profile p = new Analyzer(engine).analyze(JmcCorpus.file("7u40.jfr")); // gzip'd
        assertThat(p.info().compression()).isEqualTo("gzip");
        assertThat(p.info().complete()).isTrue();
        assertThat(p.info().jvm().version()).isEqualTo("1.7.0_40");
        assertThat(p.info().jvm().vmName()).isEqualTo("Java HotSpot(TM) 64-Bit Server VM");
        assertThat(p.info().eventCounts())
                .containsEntry(HOTSPOT + "vm/runtime/thread_dump", 10L)
                .containsEntry(HOTSPOT + "vm/prof/execution_sample", 1L)
                .containsEntry(HOTSPOT + "java/object_alloc_in_new_TLAB", 8L)
                .containsEntry(HOTSPOT + "vm/gc/collector/garbage_collection", 4L)
                .containsEntry(HOTSPOT + "java/monitor_wait", 10L)
                .containsEntry(HOTSPOT + "vm/flag/boolean", 318L);
        assertThat(p.info().eventCount("jdk.JavaMonitorWait")).isEqualTo(10);
        assertThat(p.gcPauses()).hasSize(4);
        assertThat(p.threadStats().threadDumps()).isEqualTo(10);
        assertThat(p.threadStats().lastThreadDump()).contains("Full thread dump Java HotSpot(TM) 64-Bit Server VM");
        assertThat(p.cpuSamples().total()).isEqualTo(1);
        assertThat(p.allocations().totalSamples()).isEqualTo(8);
        ContentionSite wait = p.contention().stream().filter(s -> s.kind() == ContentionKind.MONITOR_WAIT)
                .findFirst().orElseThrow();
        assertThat(wait.lockClass()).isEqualTo("java.util.TaskQueue");
        assertThat(p.stacks().frames(wait.stack()).get(0).qualifiedMethod()).isEqualTo("java.lang.Object.wait");
        assertThat(p.info().isEnabled("jdk.JavaMonitorEnter")).as("from the recording's settings").isTrue();
        assertThat(p.info().setting("jdk.JavaMonitorEnter", "threshold")).isEqualTo("10 ms");
        // the CPU, thread and throwable events of format 0.9, under their JDK 11 names
        assertThat(p.info().eventCount("jdk.CPULoad")).isEqualTo(10);
        assertThat(p.cpu().readings()).isBetween(9, 10); // a JVM's first reading may be all zeros
        assertThat(p.cpu().hardwareThreads()).isEqualTo(4);
        assertThat(p.throwables().statisticsReadings()).isEqualTo(9);
        assertThat(p.throwables().recorded()).isEqualTo(10); // java/exception_throw: every throwable, with its class
        assertThat(p.throwables().rows()).allSatisfy(r -> assertThat(r.throwableClass()).isNotEmpty());
        assertThat(p.threadLifecycle().readings()).hasSize(10)
                .allSatisfy(r -> assertThat(r.accumulated()).isGreaterThanOrEqualTo(r.active()));
    }

    @Test
    void jrockitRecordingNamesItsContendedLock() throws Exception {
        Profile p = new Analyzer().analyze(JmcCorpus.file("transitions_R28.2.jfr"));
        assertThat(p.info().jvm().version()).isEqualTo("1.6.0_29");
        assertThat(p.info().jvm().vmName()).isEqualTo("Oracle JRockit(R)");
        assertThat(p.info().eventCounts()).containsEntry(JROCKIT + "java/monitor_enter", 10L)
                .containsEntry(JROCKIT + "vm/prof/execution_sample", 1262L);
        ContentionSite enter = p.contention().stream().filter(s -> s.kind() == ContentionKind.MONITOR_ENTER)
                .max(java.util.Comparator.comparingLong(ContentionSite::totalNanos)).orElseThrow();
        assertThat(enter.lockClass()).isEqualTo("com.jrockit.mc.test.zoo.events.transition.TransitionRunner$Lock");
        assertThat(enter.threadCount()).isEqualTo(5);
        assertThat(p.cpuSamples().total()).isEqualTo(1262);
        // JRockit's os/cpu_load names its fields user, system and total
        assertThat(p.cpu().readings()).isGreaterThan(20);
        assertThat(p.cpu().jvmAverage()).isGreaterThan(0);
    }

    @Test
    void anUploadOfAFormat09RecordingIsAccepted() throws Exception {
        InflatedRecording.probe(JmcCorpus.file("transitions_R28.2.jfr"));
        InflatedRecording.probe(JmcCorpus.file("8u60.jfr")); // gzip'd
    }

    @Test
    void aMultiChunkRecordingIsReadChunkByChunk() throws Exception {
        Profile p = new Analyzer().analyze(JmcCorpus.file("plain_recording.jfr"));
        assertThat(p.info().chunks()).isGreaterThan(1);
        assertThat(p.info().complete()).isTrue();
        assertThat(p.info().bytesRead()).isEqualTo(p.info().bytesTotal());
        assertThat(p.info().jvm().version()).isEqualTo("1.8.0_161");
    }

    @Test
    void aFileCutBeforeItsMetadataIsOneLineNamingTheFormat() throws Exception {
        byte[] whole;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(JmcCorpus.file("8u60.jfr")))) {
            whole = in.readAllBytes();
        }
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> new Analyzer().analyze(cut)).isInstanceOf(RecordingException.class)
                .hasMessage(cut + ": format 0.9 recording cut before its first chunk's metadata (written last): "
                        + "nothing in it can be decoded");
    }
}
