package org.jfrtriage.analyzer.profile;

import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.EventNames;
import org.jfrtriage.analyzer.event.JvmInfo;

/**
 * What the recording is: where it came from, who wrote it, the span it covers, whether it was read whole.
 *
 * @param settings event name → setting name → value, from {@code jdk.ActiveSetting} (empty for producers that
 *                 do not write them)
 * @param compression how the file was stored: "none", "gzip" or "zip" (bytes are those of the inflated recording)
 */
public record RecordingInfo(String source, String producer, long startNanos, long endNanos, JvmInfo jvm,
                            boolean complete, List<String> warnings, long bytesRead, long bytesTotal, int chunks,
                            Map<String, Long> eventCounts, Map<String, Map<String, String>> settings,
                            String compression) {

    /** A recording read from a plain file. */
    public RecordingInfo(String source, String producer, long startNanos, long endNanos, JvmInfo jvm,
                         boolean complete, List<String> warnings, long bytesRead, long bytesTotal, int chunks,
                         Map<String, Long> eventCounts, Map<String, Map<String, String>> settings) {
        this(source, producer, startNanos, endNanos, jvm, complete, warnings, bytesRead, bytesTotal, chunks,
                eventCounts, settings, "none");
    }

    public boolean compressed() {
        return !"none".equals(compression);
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }

    /** Events of a type by its JDK 11+ name, counting those a JDK 9/10 recording wrote under its old name. */
    public long eventCount(String eventName) {
        long n = eventCounts.getOrDefault(eventName, 0L);
        for (Map.Entry<String, Long> e : eventCounts.entrySet()) {
            if (!e.getKey().equals(eventName) && EventNames.canonical(e.getKey()).equals(eventName)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /**
     * Whether the recording was set up to produce this event: the ActiveSetting says enabled, or events of the
     * type are present. A type that is enabled but has no events is evidence of absence; a type that was not
     * enabled is missing evidence.
     */
    public boolean isEnabled(String eventName) {
        if (eventCount(eventName) > 0) {
            return true;
        }
        Map<String, String> eventSettings = settings.get(eventName);
        return eventSettings != null && "true".equals(eventSettings.get("enabled"));
    }

    /** A setting's value, e.g. {@code threshold("jdk.ThreadPark")} → "20 ms"; empty if not recorded. */
    public String setting(String eventName, String setting) {
        Map<String, String> eventSettings = settings.get(eventName);
        return eventSettings == null ? "" : eventSettings.getOrDefault(setting, "");
    }
}
