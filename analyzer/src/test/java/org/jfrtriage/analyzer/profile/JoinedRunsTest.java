package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.EventSink;
import org.junit.jupiter.api.Test;

/** The chunks of one JVM run name the same start; two starts make the warning that recordings were joined. */
class JoinedRunsTest {

    private static List<String> warnings(long[]... runs) {
        ProfileBuilder b = new ProfileBuilder("f.jfr");
        for (long[] run : runs) {
            b.onJvmRun(run[0], run[1]);
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, runs.length, List.of(), Map.of()));
        return b.build().info().warnings();
    }

    @Test
    void oneRunInEveryChunkOrNoneRecordedIsNoWarning() {
        assertThat(warnings(new long[] {41, 1_700_000_000_000L}, new long[] {41, 1_700_000_000_000L})).isEmpty();
        assertThat(warnings(new long[] {41, 0}, new long[] {42, 0})).isEmpty();
    }

    @Test
    void twoStartsAreTwoRuns() {
        assertThat(warnings(new long[] {41, 1_700_000_000_000L}, new long[] {-1, 1_700_000_100_000L}))
                .singleElement().asString().startsWith("the recording holds the events of 2 JVM runs (started "
                        + "2023-11-14 22:13:20 UTC, pid 41; started 2023-11-14 22:15:00 UTC): it joins separate recordings");
    }

    @Test
    void runsAreNamedUpToFour() {
        Map<Long, Long> runs = new LinkedHashMap<>();
        for (long i = 0; i < 6; i++) {
            runs.put(1_700_000_000_000L + i * 100_000L, 40 + i);
        }
        assertThat(ProfileBuilder.joinedRuns(runs)).contains("6 JVM runs").contains("pid 43; 2 more)");
    }
}
