package org.jfrtriage.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.jfrtriage.collector.JvmDescriptor;
import org.jfrtriage.collector.LocalJvms;
import org.jfrtriage.report.Numbers;

@Command(name = "jvms", mixinStandardHelpOptions = true,
        description = "List the JVMs on this host: pid, main class or jar, Java version, whether JFR can record them.")
final class JvmsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "output format")
    String format;

    @Override
    public Integer call() throws Exception {
        List<JvmDescriptor> jvms = LocalJvms.list();
        StringBuilder out = new StringBuilder();
        if ("json".equals(format.toLowerCase(Locale.ROOT))) {
            out.append(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(jvms)).append('\n');
        } else if ("text".equals(format.toLowerCase(Locale.ROOT))) {
            out.append(String.format(Locale.ROOT, "%-8s %-10s %-4s %8s %6s  %s%n", "PID", "JAVA", "JFR", "UPTIME", "CPU",
                    "MAIN"));
            for (JvmDescriptor j : jvms) {
                out.append(String.format(Locale.ROOT, "%-8d %-10s %-4s %8s %6s  %s%s%n", j.pid(),
                        j.javaVersion().isEmpty() ? "?" : j.javaVersion(), j.jfrAvailable() ? "yes" : "no",
                        j.uptime(), j.cpuPercent() == null ? "?" : Numbers.percentValue(j.cpuPercent()),
                        j.name(), j.note().isEmpty() ? "" : "  (" + j.note() + ")"));
            }
            if (jvms.isEmpty()) {
                out.append("(no JVMs visible: only JVMs of this user that allow attach are listed)\n");
            }
        } else {
            throw new Errors.UsageException("unknown format '" + format + "' (expected text or json)");
        }
        Output.write(spec, null, out.toString());
        return 0;
    }
}
