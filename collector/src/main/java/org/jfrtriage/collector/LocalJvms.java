package org.jfrtriage.collector;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    /** The source launcher's main class: {@code Main} up to JDK 21, {@code SourceLauncher} from JDK 22 on. */
    private static final java.util.regex.Pattern SOURCE_LAUNCHER = java.util.regex.Pattern.compile(
            "^(jdk\\.compiler/)?com\\.sun\\.tools\\.javac\\.launcher\\.(Main|SourceLauncher)\\s+");

    private LocalJvms() {
    }

    /**
     * The JVMs to look at: jfrtriage's own processes and JVMs that have exited (their attach files linger) are
     * left out. Each carries its uptime and the CPU it used while the list was made (measured across the listing,
     * at least {@link #CPU_SAMPLE_MILLIS}), so the busy one stands out.
     */
    public static List<JvmDescriptor> list() {
        long self = ProcessHandle.current().pid();
        long startNanos = System.nanoTime();
        Map<Long, Long> cpuBefore = new HashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            // a lingering attach file may name a pid that exited, or that a non-JVM process has since been given
            if (pid == self || process.isEmpty() || !process.get().isAlive() || Attachment.visiblyNotAJvm(pid)
                    || isJfrTriage(d.displayName())) {
                continue;
            }
            names.put(pid, d.displayName());
            cpuBefore.put(pid, cpuNanos(process.get()));
        }
        List<JvmDescriptor> jvms = new ArrayList<>();
        names.forEach((pid, displayName) -> jvms.add(describe(pid, displayName)));
        long waitMillis = CPU_SAMPLE_MILLIS - (System.nanoTime() - startNanos) / 1_000_000;
        if (waitMillis > 0 && !jvms.isEmpty()) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double wallNanos = System.nanoTime() - startNanos;
        List<JvmDescriptor> alive = new ArrayList<>();
        for (JvmDescriptor j : jvms) {
            Optional<ProcessHandle> process = ProcessHandle.of(j.pid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                continue; // exited while we looked
            }
            long uptime = process.get().info().startInstant()
                    .map(start -> Math.max(0, Duration.between(start, Instant.now()).toSeconds())).orElse(-1L);
            long before = cpuBefore.getOrDefault(j.pid(), -1L);
            long after = cpuNanos(process.get());
            Double cpu = before < 0 || after < before ? null : Math.round((after - before) / wallNanos * 1000) / 10.0;
            alive.add(j.withUsage(uptime, cpu));
        }
        alive.sort(Comparator.comparingLong(JvmDescriptor::pid));
        return alive;
    }

    /** How long CPU use is measured when listing, at least. */
    static final long CPU_SAMPLE_MILLIS = 300;

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** jfrtriage's own processes (the CLI, serve): not what anyone wants to triage. */
    static boolean isJfrTriage(String displayName) {
        if (displayName == null) {
            return false;
        }
        String main = mainOf(displayName);
        String file = main.substring(main.lastIndexOf('/') + 1);
        return main.startsWith("org.jfrtriage.cli.") || file.equals("jfrtriage.jar")
                || (file.startsWith("jfr-triage-cli") && file.endsWith(".jar"));
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
        name = SOURCE_LAUNCHER.matcher(name).replaceFirst("").strip();
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

    /** The main class, jar or source file of a JVM's command ({@code sun.java.command}), without its arguments. */
    public static String mainOf(String command) {
        String name = displayName(command);
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
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
