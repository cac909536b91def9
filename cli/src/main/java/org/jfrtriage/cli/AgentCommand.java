package org.jfrtriage.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.collector.AgentLoader;

/** {@code jfrtriage agent load PID}: the in-process agent for a JVM that was started without {@code -javaagent}. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The in-process agent (jfrtriage-agent.jar): the playbook on a sliding window inside the JVM, "
                + "served as Prometheus metrics.",
        subcommands = AgentCommand.Load.class)
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Load the agent into a running JVM through the Attach API; it serves "
                    + "http://BIND:PORT/metrics from inside that JVM until the JVM exits.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:loaded and serving", "2:bad usage", "4:could not attach, or the agent did not start (the message says why)"})
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PID", description = "the JVM's process id (see: jfrtriage jvms)")
        long pid;

        @Option(names = "--port", defaultValue = "9404", paramLabel = "PORT", description = "metrics port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                description = "address the metrics are served on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--window", defaultValue = "60s", paramLabel = "D", converter = DurationConverter.class,
                description = "how much recent history each evaluation looks at (default: ${DEFAULT-VALUE})")
        Duration window;

        @Option(names = "--interval", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
                description = "how often the playbook runs (default: ${DEFAULT-VALUE})")
        Duration interval;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "where the findings log and critical dumps go (default: a new folder jfrtriage-agent-PID-RANDOM in the target's temp dir, owner-only)")
        Path dir;

        @Option(names = "--jar", paramLabel = "FILE",
                description = "the agent jar (default: jfrtriage-agent.jar beside this program's jar, or agent/target of this checkout)")
        Path jar;

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) {
                throw new Errors.UsageException("--port must be from 0 to 65535");
            }
            if (bind.contains(",") || (dir != null && dir.toString().contains(","))) {
                throw new Errors.UsageException("--bind and --dir cannot contain a comma");
            }
            List<String> options = new ArrayList<>(List.of("port=" + port, "bind=" + bind,
                    "window=" + window.toMillis() + "ms", "interval=" + interval.toMillis() + "ms"));
            if (dir != null) {
                options.add("dir=" + dir.toAbsolutePath());
            }
            String status = AgentLoader.load(pid, jar != null ? jar : defaultJar(), String.join(",", options));
            spec.commandLine().getOut().println("jfrtriage: agent in JVM " + pid + ": " + status);
            return 0;
        }

        /** Beside the running jfrtriage.jar, else the agent module's build output in this checkout. */
        static Path defaultJar() {
            try {
                Path self = Path.of(AgentCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path dir = Files.isDirectory(self) ? self : self.getParent();
                Path beside = dir.resolve("jfrtriage-agent.jar");
                if (Files.isRegularFile(beside)) {
                    return beside;
                }
                // cli/target/jfrtriage.jar or cli/target/classes → agent/target/jfrtriage-agent.jar
                for (Path p = dir; p != null; p = p.getParent()) {
                    Path candidate = p.resolve("agent/target/jfrtriage-agent.jar");
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
                return beside;
            } catch (URISyntaxException | RuntimeException e) {
                return Path.of("jfrtriage-agent.jar");
            }
        }
    }
}
