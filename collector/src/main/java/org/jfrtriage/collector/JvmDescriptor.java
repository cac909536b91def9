package org.jfrtriage.collector;

/**
 * A local JVM as {@code jvms} lists it.
 *
 * @param name main class or jar, as the JVM reports it
 * @param javaVersion {@code java.version}, empty when the JVM could not be attached to
 * @param attachable whether the Attach API works for it (same user, attach not disabled)
 * @param jfrAvailable whether it can record with JFR (JDK 11+ and attachable)
 * @param note why not, or empty
 * @param uptimeSeconds how long the process has run, {@code -1} when the OS does not say
 * @param cpuPercent the CPU it used while it was listed (100 = one core busy), {@code null} when unknown
 */
public record JvmDescriptor(long pid, String name, String javaVersion, boolean attachable, boolean jfrAvailable,
                            String note, long uptimeSeconds, Double cpuPercent) {

    public JvmDescriptor(long pid, String name, String javaVersion, boolean attachable, boolean jfrAvailable, String note) {
        this(pid, name, javaVersion, attachable, jfrAvailable, note, -1, null);
    }

    /** {@code 45s}, {@code 12m}, {@code 3h05m}, {@code 2d04h}: how long the JVM has run, at a glance; {@code ?} when unknown. */
    public String uptime() {
        long seconds = uptimeSeconds;
        if (seconds < 0) {
            return "?";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(java.util.Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    JvmDescriptor withUsage(long uptimeSeconds, Double cpuPercent) {
        return new JvmDescriptor(pid, name, javaVersion, attachable, jfrAvailable, note, uptimeSeconds, cpuPercent);
    }
}
