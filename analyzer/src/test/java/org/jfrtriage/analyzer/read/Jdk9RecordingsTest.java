package org.jfrtriage.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.profile.AllocationTable;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * JDK 9 and 10 wrote JFR format 1.0 with {@code com.oracle.jdk.*} event names: both readers map them onto the
 * model the rules use. Numbers from {@code jfr summary allocation_10s_before.jfr}.
 */
class Jdk9RecordingsTest {

    @ParameterizedTest
    @EnumSource(Analyzer.Engine.class)
    void jdk9EventsReachTheProfileUnderTheirNewNames(Analyzer.Engine engine) throws Exception {
        Profile profile = new Analyzer(engine).analyze(JmcCorpus.file("allocation_10s_before.jfr"));
        assertThat(profile.cpuSamples().total()).isEqualTo(756);
        assertThat(profile.gcPauses()).hasSize(8);
        assertThat(profile.allocations().totalSamples()).as("TLAB events").isEqualTo(3321);
        AllocationTable.Row top = profile.allocations().rows().stream()
                .max(Comparator.comparingLong(AllocationTable.Row::bytes)).orElseThrow();
        assertThat(top.objectClass()).isEqualTo("java.lang.Integer");
        assertThat(profile.stacks().frames(top.stack())).extracting(Frame::qualifiedMethod)
                .contains("java.lang.Integer.valueOf");
        // counts keep the names the file has, as `jfr summary` prints them; lookups take the JDK 11 name
        assertThat(profile.info().eventCounts()).containsEntry("com.oracle.jdk.ExecutionSample", 756L)
                .doesNotContainKey("jdk.ExecutionSample");
        assertThat(profile.info().eventCount("jdk.ObjectAllocationInNewTLAB")).isEqualTo(3321);
        assertThat(profile.info().isEnabled("jdk.ThreadPark")).isTrue(); // from com.oracle.jdk.ActiveSetting
    }
}
