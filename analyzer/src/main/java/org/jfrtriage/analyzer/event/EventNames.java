package org.jfrtriage.analyzer.event;

/**
 * One name per event and type across JDK generations. JDK 9 and 10 (JFR format 1.0, still Oracle's commercial
 * JFR) named their events {@code com.oracle.jdk.*} and their types {@code com.oracle.jfr.types.*}; JDK 11 renamed
 * them {@code jdk.*} and {@code jdk.types.*} and kept the fields. The readers decode, and the rules look up
 * settings and counts, by the JDK 11 name; event counts keep the name written in the file, as {@code jfr summary}
 * prints them.
 */
public final class EventNames {

    private static final String JDK9_EVENTS = "com.oracle.jdk.";
    private static final String JDK9_TYPES = "com.oracle.jfr.types.";

    private EventNames() {
    }

    /**
     * Format 0.9 (JDK 7/8, JRockit) names an event type by its producer's URI and a path, as JMC does
     * ({@code http://www.oracle.com/hotspot/jvm/java/monitor_enter}); the paths whose events the playbook reads.
     */
    private static final java.util.Map<String, String> V0_PATHS = java.util.Map.ofEntries(
            java.util.Map.entry("java/monitor_enter", "jdk.JavaMonitorEnter"),
            java.util.Map.entry("java/monitor_wait", "jdk.JavaMonitorWait"),
            java.util.Map.entry("java/thread_park", "jdk.ThreadPark"),
            java.util.Map.entry("java/object_alloc_in_new_TLAB", "jdk.ObjectAllocationInNewTLAB"),
            java.util.Map.entry("java/object_alloc_outside_TLAB", "jdk.ObjectAllocationOutsideTLAB"),
            java.util.Map.entry("vm/prof/execution_sample", "jdk.ExecutionSample"),
            java.util.Map.entry("vm/gc/collector/garbage_collection", "jdk.GarbageCollection"),
            java.util.Map.entry("vm/gc/garbage_collection", "jdk.GarbageCollection"),
            java.util.Map.entry("java/statistics/threads", "jdk.JavaThreadStatistics"),
            java.util.Map.entry("java/thread_start", "jdk.ThreadStart"),
            java.util.Map.entry("java/thread_end", "jdk.ThreadEnd"),
            java.util.Map.entry("java/statistics/throwables", "jdk.ExceptionStatistics"),
            java.util.Map.entry("java/exception_throw", "jdk.JavaExceptionThrow"),
            java.util.Map.entry("java/error_throw", "jdk.JavaErrorThrow"),
            java.util.Map.entry("os/processor/cpu_load", "jdk.CPULoad"),
            java.util.Map.entry("os/cpu_load", "jdk.CPULoad"), // JRockit R28: user, system, total
            java.util.Map.entry("os/processor/cpu_information", "jdk.CPUInformation"),
            java.util.Map.entry("vm/runtime/thread_dump", "jdk.ThreadDump"),
            java.util.Map.entry("java/socket_read", "jdk.SocketRead"),
            java.util.Map.entry("java/socket_write", "jdk.SocketWrite"),
            java.util.Map.entry("java/file_read", "jdk.FileRead"),
            java.util.Map.entry("java/file_write", "jdk.FileWrite"),
            java.util.Map.entry("vm/runtime/execute_vm_operation", "jdk.ExecuteVMOperation"),
            java.util.Map.entry("vm/runtime/safepoint/begin", "jdk.SafepointBegin"),
            java.util.Map.entry("vm/runtime/safepoint/statesync", "jdk.SafepointStateSynchronization"),
            java.util.Map.entry("vm/runtime/safepoint/end", "jdk.SafepointEnd"),
            java.util.Map.entry("vm/info", "jdk.JVMInformation"),
            java.util.Map.entry("vm/initial_system_property", "jdk.InitialSystemProperty"),
            java.util.Map.entry("recordings/recording_setting", "jdk.ActiveSetting"));
    /** The producer URIs of format 0.9 (HotSpot's JVM, Java runtime and recorder; JRockit's JVM and recorder). */
    private static final java.util.List<String> V0_PRODUCERS = java.util.List.of("http://www.oracle.com/hotspot/jvm/",
            "http://www.oracle.com/hotspot/jdk/", "http://www.oracle.com/hotspot/jfr-info/",
            "http://www.oracle.com/jrockit/jvm/", "http://www.oracle.com/jrockit/jfr-info/");

    /** The JDK 11+ name of a format 0.9 event path ({@code java/monitor_enter}), or null if the playbook reads none. */
    public static String ofFormat09Path(String path) {
        return path == null ? null : V0_PATHS.get(path);
    }

    /** The JDK 11+ name of an event or type: {@code com.oracle.jdk.ThreadPark} → {@code jdk.ThreadPark}. */
    public static String canonical(String name) {
        if (name == null) {
            return null;
        }
        if (name.startsWith("http://")) {
            for (String producer : V0_PRODUCERS) {
                if (name.startsWith(producer)) {
                    return V0_PATHS.getOrDefault(name.substring(producer.length()), name);
                }
            }
            return name;
        }
        if (name.startsWith(JDK9_EVENTS)) {
            return "jdk." + name.substring(JDK9_EVENTS.length());
        }
        if (name.startsWith(JDK9_TYPES)) {
            return "jdk.types." + name.substring(JDK9_TYPES.length());
        }
        return name;
    }
}
