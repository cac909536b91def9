package org.jfrtriage.analyzer.event;

/**
 * From {@code jdk.JVMInformation} and {@code jdk.InitialSystemProperty}; empty strings when not recorded. The
 * arguments never hold a secret's value: it is hidden here, where every reader's value passes
 * ({@link CommandLineSecrets}).
 */
public record JvmInfo(String version, String vendor, String jvmArguments, String javaArguments, long pid) {
    public JvmInfo {
        jvmArguments = CommandLineSecrets.redact(jvmArguments);
        javaArguments = CommandLineSecrets.redact(javaArguments);
    }

    public static final JvmInfo UNKNOWN = new JvmInfo("", "", "", "", -1);
}
