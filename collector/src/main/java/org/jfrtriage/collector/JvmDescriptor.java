package org.jfrtriage.collector;

/**
 * A local JVM as {@code jvms} lists it.
 *
 * @param name main class or jar, as the JVM reports it
 * @param javaVersion {@code java.version}, empty when the JVM could not be attached to
 * @param attachable whether the Attach API works for it (same user, attach not disabled)
 * @param jfrAvailable whether it can record with JFR (JDK 11+ and attachable)
 * @param note why not, or empty
 */
public record JvmDescriptor(long pid, String name, String javaVersion, boolean attachable, boolean jfrAvailable,
                            String note) {
}
