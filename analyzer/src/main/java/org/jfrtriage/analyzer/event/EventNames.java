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

    /** The JDK 11+ name of an event or type: {@code com.oracle.jdk.ThreadPark} → {@code jdk.ThreadPark}. */
    public static String canonical(String name) {
        if (name == null) {
            return null;
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
