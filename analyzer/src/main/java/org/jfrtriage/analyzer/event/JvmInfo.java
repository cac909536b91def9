package org.jfrtriage.analyzer.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JVM wrote the recording, from {@code jdk.JVMInformation} and {@code jdk.InitialSystemProperty} (or their
 * JDK 9 and format 0.9 equivalents); empty strings when not recorded. The arguments never hold a secret's value:
 * it is hidden here ({@link CommandLineSecrets}).
 *
 * @param version the Java version a person compares, without build and distribution suffixes: {@code 1.8.0_144},
 *                {@code 17.0.15+6}, {@code 9+181}
 * @param vmName the VM's name: {@code Java HotSpot(TM) 64-Bit Server VM}, {@code OpenJDK 64-Bit Server VM}
 * @param vmVersion the VM's own version when it differs from the Java version (JDK 8's HotSpot {@code 25.144-b01});
 *                  used for {@code version} only when nothing better was recorded
 */
public record JvmInfo(String version, String vendor, String jvmArguments, String javaArguments, long pid,
                      String vmName, String vmVersion) {

    public static final JvmInfo UNKNOWN = new JvmInfo("", "", "", "", -1, "", "");

    /** "JRE (1.8.0_144-b01)" in a JVMInformation version string: the Java version of the VM. */
    private static final Pattern JRE_VERSION = Pattern.compile("JRE \\(([^)]*)\\)");
    /** A 1.x Java version inside a longer VM version string (JRockit's). */
    private static final Pattern EMBEDDED_JAVA_VERSION = Pattern.compile("(?<![\\d.])(1\\.\\d+\\.\\d+_\\d+)");
    /** A parenthesized part starting with a digit: "(25.144-b01)", "(17.0.15+6-Debian-1deb12u1)", never "(TM)". */
    private static final Pattern VM_VERSION = Pattern.compile("\\((?:[a-z]+ )?(\\d[^)]*)\\)");
    /**
     * The comparable part of a Java version: feature[.interim.update][_update][-ea|-internal][+build]. What follows
     * (-b01, -LTS, -Debian-1deb12u1, -adhoc.someone.repo) tells the build, not the version.
     */
    private static final Pattern JAVA_VERSION = Pattern.compile("^(\\d+(?:\\.\\d+)*(?:_\\d+)?(?:-(?:ea|internal))?(?:\\+\\d+)?)");

    public JvmInfo {
        version = orEmpty(version);
        vendor = orEmpty(vendor);
        // a secret's value never gets past here, whichever reader passed it (CommandLineSecrets)
        jvmArguments = CommandLineSecrets.redact(orEmpty(jvmArguments));
        javaArguments = CommandLineSecrets.redact(orEmpty(javaArguments));
        vmName = orEmpty(vmName);
        vmVersion = orEmpty(vmVersion);
    }

    public JvmInfo(String version, String vendor, String jvmArguments, String javaArguments, long pid) {
        this(version, vendor, jvmArguments, javaArguments, pid, "", "");
    }

    /**
     * From a JVMInformation event: {@code jvmVersion} is e.g. "Java HotSpot(TM) 64-Bit Server VM (25.144-b01) for
     * linux-amd64 JRE (1.8.0_144-b01), built on …"; async-profiler writes the bare version.
     */
    public static JvmInfo fromJvmInformation(String jvmName, String jvmVersion, String jvmArguments,
                                             String javaArguments, long pid) {
        String text = orEmpty(jvmVersion).strip();
        String java = "";
        Matcher jre = JRE_VERSION.matcher(text);
        if (jre.find()) {
            java = javaVersion(jre.group(1));
        } else {
            // JRockit: "R28.2.0-79-146777-1.6.0_29-20111005-1808-windows-x86_64" holds the Java version inside
            Matcher embedded = EMBEDDED_JAVA_VERSION.matcher(text);
            if (embedded.find()) {
                java = embedded.group(1);
            }
        }
        String vm = "";
        Matcher vmMatch = VM_VERSION.matcher(text);
        if (vmMatch.find()) {
            vm = vmMatch.group(1).strip();
        } else if (!text.isEmpty()) {
            // the bare version, perhaps after the VM name: keep the last token that starts with a digit
            String[] tokens = text.split("\\s+");
            for (int i = tokens.length - 1; i >= 0 && vm.isEmpty(); i--) {
                if (!tokens[i].isEmpty() && Character.isDigit(tokens[i].charAt(0))) {
                    vm = tokens[i];
                }
            }
        }
        String name = orEmpty(jvmName).strip();
        if (name.isEmpty() && vmMatch.find(0)) {
            name = text.substring(0, vmMatch.start()).strip();
        }
        return new JvmInfo(java, vendorOf(name), jvmArguments, javaArguments, pid, name, vm);
    }

    /** {@code 1.8.0_144-b01} → {@code 1.8.0_144}, {@code 17.0.15+6-Debian-1deb12u1} → {@code 17.0.15+6}. */
    public static String javaVersion(String raw) {
        String s = orEmpty(raw).strip();
        Matcher m = JAVA_VERSION.matcher(s);
        return m.find() ? m.group(1) : s;
    }

    /** This information completed with {@code later}'s: what is known already stays. */
    public JvmInfo merge(JvmInfo later) {
        return new JvmInfo(first(version, later.version), first(vendor, later.vendor),
                first(later.jvmArguments, jvmArguments), first(later.javaArguments, javaArguments),
                later.pid > 0 ? later.pid : pid, first(vmName, later.vmName), first(vmVersion, later.vmVersion));
    }

    /** The Java version to show: the recorded one, else the VM's own version. */
    public JvmInfo settled() {
        return version.isEmpty() && !vmVersion.isEmpty() ? new JvmInfo(javaVersion(vmVersion), vendor, jvmArguments,
                javaArguments, pid, vmName, vmVersion) : this;
    }

    /** Only Oracle builds call HotSpot "Java HotSpot(TM)", and JRockit was only ever Oracle's (BEA's before). */
    private static String vendorOf(String vmName) {
        return vmName.startsWith("Java HotSpot(TM)") || vmName.contains("JRockit") ? "Oracle Corporation" : "";
    }

    private static String first(String preferred, String fallback) {
        return preferred.isEmpty() ? fallback : preferred;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
