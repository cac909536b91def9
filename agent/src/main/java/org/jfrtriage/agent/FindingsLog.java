package org.jfrtriage.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * {@code status} lines. Bounded: past {@link #MAX_BYTES} a log this agent created moves to {@code findings.jsonl.1}
 * (replacing a previous one only if this agent moved it there) and starts again, so it keeps at most two. A log
 * that was there before (a previous run's) is appended to, never moved or deleted: when it is full, the agent
 * goes on in {@code findings-PID.jsonl}, a file of its own. A symbolic link is never written through.
 */
final class FindingsLog {
    static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long pid;
    private Path path;
    /** Whether this agent created {@link #path}, and the backup next to it. */
    private boolean ours;
    private boolean oursBackup;

    FindingsLog(Path path, long pid) throws IOException {
        this.path = path;
        this.pid = pid;
        ours = open(path);
    }

    /** Creates {@code file}, or checks that the one there is a regular file: true when this agent created it. */
    private static boolean open(Path file) throws IOException {
        try {
            Files.createFile(file);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file + " is not a regular file (a link, a folder or a device): the agent does not write through it");
            }
            return false;
        }
    }

    synchronized Path path() {
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
        if (Files.size(path) > MAX_BYTES) {
            rotate();
        }
        Files.writeString(path, line.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    private void rotate() throws IOException {
        Path backup = path.resolveSibling(path.getFileName() + ".1");
        if (ours && (oursBackup || Files.notExists(backup, LinkOption.NOFOLLOW_LINKS))) {
            Files.move(path, backup, StandardCopyOption.REPLACE_EXISTING);
            oursBackup = true;
            ours = open(path);
            return;
        }
        // a log that is not ours to move: go on in a file of our own, a new one if even that name is taken
        Path own = path.resolveSibling("findings-" + pid + ".jsonl");
        for (int n = 2; Files.exists(own, LinkOption.NOFOLLOW_LINKS); n++) {
            own = path.resolveSibling("findings-" + pid + "-" + n + ".jsonl");
        }
        path = own;
        ours = open(path);
        oursBackup = false;
    }
}
