package org.jfrtriage.collector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

/** The JVMs on this host that the Attach API can see (same user; JVMs started with attach disabled are invisible). */
public final class LocalJvms {
    /** JFR ships with OpenJDK from 11 on. */
    private static final int FIRST_JFR_FEATURE = 11;
    /** Arguments after the main class are cut to this many characters; the main class, jar or source file never is. */
    private static final int ARGS_LIMIT = 80;
    private static final String SOURCE_LAUNCHER = "jdk.compiler/com.sun.tools.javac.launcher.Main ";

    private LocalJvms() {
    }

    public static List<JvmDescriptor> list() {
        long self = ProcessHandle.current().pid();
        List<JvmDescriptor> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            jvms.add(describe(pid, d.displayName()));
        }
        jvms.sort(Comparator.comparingLong(JvmDescriptor::pid));
        return jvms;
    }

    static JvmDescriptor describe(long pid, String displayName) {
        String name = displayName(displayName);
        VirtualMachine vm;
        try {
            vm = Attachment.attach(pid);
        } catch (CollectorException e) {
            return new JvmDescriptor(pid, name, "", false, false, e.getMessage());
        }
        try {
            Properties props = vm.getSystemProperties();
            String version = props.getProperty("java.version", "");
            boolean jfr = feature(version) >= FIRST_JFR_FEATURE;
            return new JvmDescriptor(pid, name, version, true, jfr, jfr ? "" : "Java " + version + " has no Flight Recorder");
        } catch (IOException e) {
            return new JvmDescriptor(pid, name, "", false, false, "could not read its properties: " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // nothing left in the target
            }
        }
    }

    /**
     * What jps would call the JVM, made readable: a program started from a source file is named by that file rather
     * than by the source launcher, and long arguments are cut, but never the main class, jar or file that tells the
     * on-call engineer which service this is. Secrets among the arguments are hidden ({@code --token ***}).
     */
    static String displayName(String raw) {
        if (raw == null || raw.isBlank()) {
            return "(unknown main class)";
        }
        String name = raw.strip();
        if (name.startsWith(SOURCE_LAUNCHER)) {
            name = name.substring(SOURCE_LAUNCHER.length()).strip();
        }
        int space = name.indexOf(' ');
        if (space < 0) {
            return name;
        }
        String args = org.jfrtriage.analyzer.event.CommandLineSecrets.redact(name.substring(space + 1));
        if (args.length() > ARGS_LIMIT) {
            args = args.substring(0, ARGS_LIMIT - 1) + "…";
        }
        return name.substring(0, space) + " " + args;
    }

    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
