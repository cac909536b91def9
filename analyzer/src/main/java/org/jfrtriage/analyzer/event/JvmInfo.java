package org.jfrtriage.analyzer.event;

/** From {@code jdk.JVMInformation} and {@code jdk.InitialSystemProperty}; empty strings when not recorded. */
public record JvmInfo(String version, String vendor, String jvmArguments, String javaArguments, long pid) {
    public static final JvmInfo UNKNOWN = new JvmInfo("", "", "", "", -1);
}
