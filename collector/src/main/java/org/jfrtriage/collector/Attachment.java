package org.jfrtriage.collector;

import java.io.IOException;
import java.util.Properties;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import jdk.management.jfr.FlightRecorderMXBean;

/**
 * A connection to a local JVM: the Attach API to start (or find) its local JMX agent, then JMX to reach its
 * {@link FlightRecorderMXBean}. Errors become {@link CollectorException}s that say what is wrong with the target.
 */
final class Attachment implements AutoCloseable {
    private static final String LOCAL_CONNECTOR = "com.sun.management.jmxremote.localConnectorAddress";

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final FlightRecorderMXBean flightRecorder;

    private Attachment(long pid, JMXConnector connector, MBeanServerConnection server, FlightRecorderMXBean flightRecorder) {
        this.pid = pid;
        this.connector = connector;
        this.server = server;
        this.flightRecorder = flightRecorder;
    }

    MBeanServerConnection server() {
        return server;
    }

    long pid() {
        return pid;
    }

    FlightRecorderMXBean flightRecorder() {
        return flightRecorder;
    }

    /** Attaches to {@code pid}: fails with a one-line reason when the process is missing, not a JVM, or refuses. */
    static Attachment open(long pid) throws CollectorException {
        checkProcess(pid);
        VirtualMachine vm = attach(pid);
        String address;
        try {
            Properties agent = vm.getAgentProperties();
            address = agent.getProperty(LOCAL_CONNECTOR);
            if (address == null) {
                address = vm.startLocalManagementAgent();
            }
        } catch (IOException e) {
            throw new CollectorException("JVM " + pid + ": could not start its local management agent (" + e.getMessage() + ")", e);
        } finally {
            detach(vm);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(FlightRecorderMXBean.MXBEAN_NAME);
            if (!server.isRegistered(name)) {
                connector.close();
                throw new CollectorException("JVM " + pid + ": Flight Recorder is not available in it (jdk.management.jfr missing)");
            }
            return new Attachment(pid, connector, server, JMX.newMXBeanProxy(server, name, FlightRecorderMXBean.class));
        } catch (IOException | MalformedObjectNameException e) {
            throw new CollectorException("JVM " + pid + ": could not connect to its management agent (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Connects to a JVM's remote JMX agent ({@code -Dcom.sun.management.jmxremote.port=…}) at {@code host:port}.
     * The pid is unknown then ({@code -1}).
     */
    static Attachment openRemote(String hostAndPort) throws CollectorException {
        String url = "service:jmx:rmi:///jndi/rmi://" + hostAndPort + "/jmxrmi";
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(FlightRecorderMXBean.MXBEAN_NAME);
            if (!server.isRegistered(name)) {
                connector.close();
                throw new CollectorException(hostAndPort + ": Flight Recorder is not available in that JVM");
            }
            return new Attachment(-1, connector, server, JMX.newMXBeanProxy(server, name, FlightRecorderMXBean.class));
        } catch (IOException | MalformedObjectNameException | IllegalArgumentException e) {
            throw new CollectorException(hostAndPort + ": cannot connect to JMX (" + e.getMessage() + ")", e);
        }
    }

    static VirtualMachine attach(long pid) throws CollectorException {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new CollectorException(explain(pid, e.getMessage()), e);
        } catch (IOException e) {
            throw new CollectorException("process " + pid + ": attach failed (" + e.getMessage() + ")", e);
        } catch (SecurityException e) {
            throw new CollectorException("process " + pid + ": not allowed to attach (" + e.getMessage() + ")", e);
        }
    }

    static void checkProcess(long pid) throws CollectorException {
        if (pid == ProcessHandle.current().pid()) {
            throw new CollectorException("process " + pid + " is jfrtriage itself");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new CollectorException("process " + pid + ": no such process");
        }
        if (visiblyNotAJvm(pid)) {
            String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("?");
            throw new CollectorException("process " + pid + " (" + command + ") is not a JVM");
        }
    }

    /**
     * Whether {@code /proc/PID/maps} can be read and maps no {@code libjvm.so}: then the process is plainly not a
     * HotSpot JVM, and we say so at once instead of waiting for the Attach API to time out (10 s and more). When the
     * map cannot be read (another OS, no permission), nothing is concluded.
     */
    static boolean visiblyNotAJvm(long pid) {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc", Long.toString(pid), "maps");
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(maps, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            boolean any = false;
            for (String line : (Iterable<String>) lines::iterator) {
                any = true;
                if (line.endsWith("/libjvm.so") || line.contains("/libjvm.so ")) {
                    return false;
                }
            }
            // an empty map is a zombie or a kernel thread: not a JVM either, but let attach say what it sees
            return any;
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return false;
        }
    }

    private static String explain(long pid, String message) {
        String user = ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElse("");
        String me = System.getProperty("user.name", "");
        if (!user.isEmpty() && !user.equals(me) && !"root".equals(me)) {
            return "process " + pid + " belongs to " + user + ": attach as that user (sudo -u " + user + " jfrtriage ...)";
        }
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("");
        if (!command.isEmpty() && !command.endsWith("java") && !command.contains("/java")) {
            return "process " + pid + " (" + command + ") is not a JVM";
        }
        return "process " + pid + ": cannot attach (" + message + "); the JVM may run with -XX:+DisableAttachMechanism,"
                + " in another container, or not be a HotSpot JVM";
    }

    private static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the connection is ours to drop; nothing to undo in the target
        }
    }

    /** A system property of the target, read over JMX; {@code null} when it is not set or cannot be read. */
    String systemProperty(String name) {
        try {
            java.lang.management.RuntimeMXBean runtime = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(
                    server, java.lang.management.ManagementFactory.RUNTIME_MXBEAN_NAME, java.lang.management.RuntimeMXBean.class);
            return runtime.getSystemProperties().get(name);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The target's main class, jar or source file as {@code jvms} names it, without its arguments; empty if unknown. */
    String mainClass() {
        String command = systemProperty("sun.java.command");
        return command == null || command.isBlank() ? "" : LocalJvms.mainOf(command);
    }

    /** Whether the target's MBean server still answers. */
    boolean answers() {
        try {
            server.getMBeanCount();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the target may already be gone
        }
    }
}
