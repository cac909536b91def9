package org.jfrtriage.analyzer.table;

import java.util.Objects;

/**
 * One frame of a stack trace, innermost first in a stack.
 *
 * @param className binary class name ({@code com.acme.Outer$Inner}); for native frames the library or symbol
 * @param methodName method name, or the native symbol
 * @param line source line, or -1 when unknown
 * @param type {@link FrameType} as recorded
 */
public record Frame(String className, String methodName, int line, FrameType type) {

    /** The platform, and jfr-triage's own in-process agent (with its relocated libraries): never the user's code. */
    private static final String[] PLATFORM_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.jfrtriage.agent."};

    public Frame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(type, "type");
    }

    /**
     * True for a frame of code a person using the JVM can change: not the platform, not native, and not a class the
     * JVM generated for a lambda or method reference ({@code Outer$$Lambda$241/0x…}): its one method only calls the
     * target (a lambda body is a {@code lambda$…} method of the declaring class, a method reference's target may
     * be {@code Long.sum}). JDK recordings hide those frames; async-profiler's show them.
     */
    public boolean isApplicationCode() {
        if (!type.isJava() || className.isEmpty() || className.contains("$$Lambda")) {
            return false;
        }
        for (String prefix : PLATFORM_PREFIXES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** {@code com.acme.Foo.bar}: the frame's method without line, the key sites are grouped by. */
    public String qualifiedMethod() {
        return className.isEmpty() ? methodName : className + "." + methodName;
    }

    /**
     * Whether {@link #qualifiedMethod()} equals {@code name}, without building it: rules that look for one method in
     * every frame of every sampled stack built ~30 MB of strings on the park-heavy benchmark file.
     */
    public boolean isQualifiedMethod(String name) {
        if (className.isEmpty()) {
            return methodName.equals(name);
        }
        int dot = className.length();
        return name.length() == dot + 1 + methodName.length() && name.charAt(dot) == '.'
                && name.startsWith(className) && name.endsWith(methodName);
    }

    /** Simple class name plus method: {@code PriceBook.quote}, for titles. */
    public String shortMethod() {
        int dot = className.lastIndexOf('.');
        return (dot < 0 ? className : className.substring(dot + 1)) + (className.isEmpty() ? "" : ".") + methodName;
    }

    /**
     * Written out rather than left to the record: the record's {@code equals} and {@code hashCode} are bound on
     * their first call through {@code ObjectMethods}' bootstrap, ~15–20 ms of a cold run's main thread in the
     * middle of reading the first chunk (frames are interned in a hash map). The same components, compared the same
     * way; the frame type hashes by its ordinal, so the hash is also the same from run to run.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Frame f && line == f.line && type == f.type && className.equals(f.className)
                && methodName.equals(f.methodName);
    }

    @Override
    public int hashCode() {
        return ((className.hashCode() * 31 + methodName.hashCode()) * 31 + line) * 31 + type.ordinal();
    }

    @Override
    public String toString() {
        return qualifiedMethod() + (line >= 0 ? ":" + line : "");
    }
}
