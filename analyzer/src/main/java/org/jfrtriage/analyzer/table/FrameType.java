package org.jfrtriage.analyzer.table;

/** How a frame was executing when it was sampled; async-profiler adds native, kernel and C++ frames. */
public enum FrameType {
    INTERPRETED, JIT_COMPILED, INLINED, NATIVE, CPP, KERNEL, UNKNOWN;

    /** Whether the frame is Java code (so class and method are Java names). */
    public boolean isJava() {
        return this == INTERPRETED || this == JIT_COMPILED || this == INLINED || this == UNKNOWN;
    }

    /** Maps the frame type names written by the JDK ("JIT compiled") and async-profiler ("C++", "Kernel"). */
    public static FrameType fromRecorded(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        switch (name) {
            case "Interpreted": return INTERPRETED;
            case "JIT compiled": return JIT_COMPILED;
            case "Inlined": return INLINED;
            case "Native": return NATIVE;
            case "C++": return CPP;
            case "Kernel": return KERNEL;
            default: return UNKNOWN;
        }
    }
}
