package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which events {@link EventDispatch} hands to their decoder's method itself rather than through the handler table.
 * That the waits they send are the reference reader's is {@code FastReaderEquivalenceTest}'s (every sample recording
 * with parks and monitor enters, JDK 17 and 25 and async-profiler).
 */
class EventDecodersTest {

    /** An event type whose fields are a park's, all varints or with its address field a string. */
    private static EventDecoders.Decoded decoded(String name, boolean varintsOnly) {
        Metadata.Type type = new Metadata.Type(100, name, "jdk.jfr.Event");
        for (String field : new String[] {"startTime", "duration", "eventThread", "stackTrace", "parkedClass",
                "monitorClass", "previousOwner", "address"}) {
            type.fields.add(new Metadata.Field(field, 1, false, false));
        }
        type.fieldTypes = new Metadata.Type[type.fields.size()];
        type.codes = new byte[type.fields.size()];
        java.util.Arrays.fill(type.codes, Metadata.CODE_VARINT);
        type.leadingVarints = type.codes.length;
        if (!varintsOnly) {
            type.codes[type.codes.length - 1] = Metadata.CODE_STRING;
            type.leadingVarints--;
        }
        return new EventDecoders.Decoded(type);
    }

    private static EventDecoders.Decoded decoded(String name) {
        return decoded(name, true);
    }

    @Test
    void parksAndMonitorEntersAreCalledDirectlyUnderTheirJdk11AndJdk9Names() {
        assertThat(decoded("jdk.ThreadPark").direct).isEqualTo(EventDecoders.Decoded.PARK);
        assertThat(decoded("jdk.JavaMonitorEnter").direct).isEqualTo(EventDecoders.Decoded.MONITOR_ENTER);
        assertThat(decoded("com.oracle.jdk.ThreadPark").direct).isEqualTo(EventDecoders.Decoded.PARK);
        assertThat(decoded("com.oracle.jdk.JavaMonitorEnter").direct).isEqualTo(EventDecoders.Decoded.MONITOR_ENTER);
    }

    @Test
    void aParkOrMonitorEnterWithAFieldItUsesNotAVarintGoesThroughItsHandler() {
        assertThat(decoded("jdk.ThreadPark", false).direct).isEqualTo(EventDecoders.Decoded.BY_HANDLER);
        assertThat(decoded("jdk.JavaMonitorEnter", false).direct).isEqualTo(EventDecoders.Decoded.BY_HANDLER);
    }

    @Test
    void everyOtherEventGoesThroughItsHandler() {
        for (String name : new String[] {"jdk.JavaMonitorWait", "jdk.ExecutionSample", "jdk.ObjectAllocationSample",
                "jdk.ThreadParkX", "profiler.WallClockSample"}) {
            assertThat(decoded(name).direct).as(name).isEqualTo(EventDecoders.Decoded.BY_HANDLER);
        }
    }
}
