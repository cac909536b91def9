package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which events {@link EventDispatch} hands to their decoder's method itself rather than through the handler table.
 * That the waits they send are the reference reader's is {@code FastReaderEquivalenceTest}'s (every sample recording
 * with parks and monitor enters, JDK 17 and 25 and async-profiler).
 */
class EventDecodersTest {

    private static EventDecoders.Decoded decoded(String name) {
        Metadata.Type type = new Metadata.Type(100, name, "jdk.jfr.Event");
        type.fields.add(new Metadata.Field("startTime", 1, false, false));
        type.fields.add(new Metadata.Field("duration", 1, false, false));
        type.fieldTypes = new Metadata.Type[type.fields.size()];
        return new EventDecoders.Decoded(type);
    }

    @Test
    void parksAndMonitorEntersAreCalledDirectlyUnderTheirJdk11AndJdk9Names() {
        assertThat(decoded("jdk.ThreadPark").direct).isEqualTo(EventDecoders.Decoded.PARK);
        assertThat(decoded("jdk.JavaMonitorEnter").direct).isEqualTo(EventDecoders.Decoded.MONITOR_ENTER);
        assertThat(decoded("com.oracle.jdk.ThreadPark").direct).isEqualTo(EventDecoders.Decoded.PARK);
        assertThat(decoded("com.oracle.jdk.JavaMonitorEnter").direct).isEqualTo(EventDecoders.Decoded.MONITOR_ENTER);
    }

    @Test
    void everyOtherEventGoesThroughItsHandler() {
        for (String name : new String[] {"jdk.JavaMonitorWait", "jdk.ExecutionSample", "jdk.ObjectAllocationSample",
                "jdk.ThreadParkX", "profiler.WallClockSample"}) {
            assertThat(decoded(name).direct).as(name).isEqualTo(EventDecoders.Decoded.BY_HANDLER);
        }
    }
}
