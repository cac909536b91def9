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
    private static final int NAME_LIMIT = 120;

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
        String name = displayName == null || displayName.isBlank() ? "(unknown main class)" : displayName.strip();
        if (name.length() > NAME_LIMIT) {
            name = name.substring(0, NAME_LIMIT - 1) + "…";
        }
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

    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
