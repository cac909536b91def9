package org.jfrtriage.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jfrtriage.report.JsonReport;
import org.jfrtriage.rules.model.Finding;

/**
 * The findings log: one JSON object a line, as {@code watch --format json} prints them — {@code change} appeared,
 * changed or cleared with the finding as in the JSON report, {@code dump} when a recording was dumped, and
 * {@code status} lines. Bounded: past {@link #MAX_BYTES} the log moves to {@code findings.jsonl.1} (replacing the
 * previous one, which the agent wrote) and starts again.
 */
final class FindingsLog {
    static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    FindingsLog(Path path) throws IOException {
        this.path = path;
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new IOException(path + " is not a regular file");
        }
    }

    Path path() {
        return path;
    }

    void finding(String time, long pid, String change, Finding f) throws IOException {
        ObjectNode line = line(time, pid);
        line.put("change", change);
        line.set("finding", JsonReport.findingJson(f));
        write(line);
    }

    void cleared(String time, long pid, Finding f) throws IOException {
        ObjectNode line = line(time, pid);
        line.put("change", "cleared");
        line.put("id", f.id());
        line.put("title", f.title());
        write(line);
    }

    void dump(String time, long pid, Finding f, Path file) throws IOException {
        ObjectNode line = line(time, pid);
        line.put("dump", file.toString());
        line.put("id", f.id());
        write(line);
    }

    void status(String time, long pid, String message) throws IOException {
        ObjectNode line = line(time, pid);
        line.put("status", message);
        write(line);
    }

    private static ObjectNode line(String time, long pid) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", time);
        line.put("pid", pid);
        return line;
    }

    private synchronized void write(ObjectNode line) throws IOException {
        if (Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) {
            Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(path, line.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
