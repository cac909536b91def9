package org.jfrtriage.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data directory: one folder per recording holding the file, {@code meta.json} and the analysis outputs, so a
 * restart loses nothing and reports are served without analyzing again.
 *
 * <pre>
 * DATA/recordings/ID/recording.jfr   the bytes as uploaded or recorded
 * DATA/recordings/ID/meta.json       {@link RecordingMeta}
 * DATA/recordings/ID/report.json     the CLI's JSON report; findings.csv, report.html and view.json beside it
 * DATA/diffs/BEFORE-AFTER/           a comparison's diff.json and view.json
 * DATA/incoming/                     uploads in flight (emptied at start)
 * </pre>
 *
 * Every file is written to a temporary name and moved into place, so a crash leaves the old file or the new one.
 * Ids are random; nothing a client sends becomes part of a path except an id that matched {@link #ID}.
 */
public final class RecordingStore {
    /** Ten base-32 characters: 50 random bits. */
    public static final Pattern ID = Pattern.compile("[a-z2-7]{10}");
    static final String RECORDING = "recording.jfr";
    static final String META = "meta.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Path root;
    private final Path recordings;
    private final Path incoming;
    private final Path diffs;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RecordingMeta> byId = new HashMap<>();
    private final Map<String, String> idBySha = new HashMap<>();

    /**
     * Opens the data directory, claiming it first: the store deletes what it finds in its folders (unfinished
     * uploads, orphaned outputs), so it only ever works in a directory it made or one that holds nothing else.
     *
     * @throws NotADataDirectoryException when {@code root} holds files that are not the store's
     */
    public RecordingStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        claim(this.root);
        this.recordings = Files.createDirectories(this.root.resolve("recordings"));
        this.incoming = Files.createDirectories(this.root.resolve("incoming"));
        this.diffs = Files.createDirectories(this.root.resolve("diffs"));
        clean(incoming);
        load();
    }

    public Path root() {
        return root;
    }

    /** The file that marks a directory as a jfr-triage data directory. */
    static final String MARKER = ".jfrtriage-data";
    /** What a data directory holds; one made before the marker existed holds only these. */
    private static final List<String> OWN_ENTRIES = List.of(MARKER, "recordings", "incoming", "diffs");

    /** Thrown when a directory named as the data directory holds things this store did not put there. */
    public static final class NotADataDirectoryException extends IOException {
        NotADataDirectoryException(String message) {
            super(message);
        }
    }

    private static void claim(Path root) throws IOException {
        Files.createDirectories(root);
        Path marker = root.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString()).filter(n -> !OWN_ENTRIES.contains(n))
                    .sorted().limit(3).toList();
            if (!foreign.isEmpty()) {
                throw new NotADataDirectoryException(root + " is not a jfr-triage data directory (it holds "
                        + String.join(", ", foreign) + (foreign.size() == 3 ? ", …" : "")
                        + "); name a new or empty folder with --data");
            }
        }
        Files.writeString(marker, "jfr-triage data directory: recordings, their analyses and diffs. "
                + "Made by `jfrtriage serve`; everything in here is the server's.\n", StandardCharsets.UTF_8);
    }

    /** Where uploads are written while they arrive. */
    public Path incoming() {
        return incoming;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(recordings)) {
            for (Path dir : dirs) {
                Path meta = dir.resolve(META);
                if (!ID.matcher(dir.getFileName().toString()).matches()) {
                    continue; // not ours
                }
                if (!Files.isRegularFile(meta)) {
                    // an upload that never got its meta.json (the server died before answering it), or outputs an
                    // analysis wrote after its recording was deleted
                    deleteTree(dir);
                    continue;
                }
                try {
                    RecordingMeta m = JSON.readValue(meta.toFile(), RecordingMeta.class);
                    if (m.status() == RecordingMeta.Status.RECORDING) {
                        m = m.withStatus(RecordingMeta.Status.FAILED, "the server stopped while this JVM was being recorded");
                        writeMeta(m);
                    }
                    index(m);
                } catch (IOException e) {
                    System.err.println("jfrtriage: skipping " + dir + ": its meta.json cannot be read (" + e.getMessage() + ")");
                }
            }
        }
    }

    private void index(RecordingMeta m) {
        byId.put(m.id(), m);
        if (m.sha256() != null) {
            idBySha.putIfAbsent(m.sha256(), m.id());
        }
    }

    /** Newest first. */
    public synchronized List<RecordingMeta> list() {
        List<RecordingMeta> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(RecordingMeta::createdAt).reversed().thenComparing(RecordingMeta::id));
        return all;
    }

    public synchronized Optional<RecordingMeta> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The recording holding exactly these bytes, if one is stored. */
    public synchronized Optional<RecordingMeta> bySha256(String sha256) {
        String id = idBySha.get(sha256);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * Takes {@code file} (already in the data directory's file system) as a new recording, unless a stored one holds
     * the same bytes: then {@code file} is deleted and that one is returned.
     */
    public synchronized Added add(Path file, String name, String source, String sha256) throws IOException {
        Optional<RecordingMeta> same = bySha256(sha256);
        if (same.isPresent()) {
            Files.deleteIfExists(file);
            return new Added(same.get(), false);
        }
        String id = newId();
        Path dir = Files.createDirectory(recordings.resolve(id));
        move(file, dir.resolve(RECORDING));
        RecordingMeta meta = new RecordingMeta(id, name, source, sha256, Files.size(dir.resolve(RECORDING)),
                System.currentTimeMillis(), RecordingMeta.Status.QUEUED, null, null);
        writeMeta(meta);
        index(meta);
        return new Added(meta, true);
    }

    /** A new recording of a live JVM: its folder and meta now, the file when the recording ends. */
    public synchronized RecordingMeta reserve(String name) throws IOException {
        String id = newId();
        Files.createDirectory(recordings.resolve(id));
        RecordingMeta meta = new RecordingMeta(id, name, "live", null, 0, System.currentTimeMillis(),
                RecordingMeta.Status.RECORDING, null, null);
        writeMeta(meta);
        index(meta);
        return meta;
    }

    /** Moves a finished live recording's file into its folder. */
    public synchronized RecordingMeta fill(String id, Path file, String sha256) throws IOException {
        RecordingMeta meta = byId.get(id);
        if (meta == null) {
            Files.deleteIfExists(file);
            throw new IOException("recording " + id + " was deleted while it was being recorded");
        }
        move(file, recordings.resolve(id).resolve(RECORDING));
        RecordingMeta filled = meta.withFile(sha256, Files.size(recordings.resolve(id).resolve(RECORDING)));
        writeMeta(filled);
        index(filled);
        return filled;
    }

    /** The result of {@link #add}: the recording, and whether it is new. */
    public record Added(RecordingMeta meta, boolean isNew) {
    }

    public synchronized void update(RecordingMeta meta) {
        if (!byId.containsKey(meta.id())) {
            return; // deleted meanwhile
        }
        try {
            writeMeta(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        index(meta);
    }

    /** Removes a recording with its analysis and the comparisons it is part of. */
    public synchronized boolean delete(String id) throws IOException {
        RecordingMeta meta = byId.remove(id);
        if (meta == null) {
            return false;
        }
        if (meta.sha256() != null && id.equals(idBySha.get(meta.sha256()))) {
            idBySha.remove(meta.sha256());
        }
        deleteTree(recordings.resolve(id));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(diffs, "*" + id + "*")) {
            for (Path d : dirs) {
                deleteTree(d);
            }
        }
        return true;
    }

    public Path file(String id) {
        return recordings.resolve(checked(id)).resolve(RECORDING);
    }

    /** An analysis output of a recording ({@code report.json}, ...). */
    public Path output(String id, String name) {
        return recordings.resolve(checked(id)).resolve(name);
    }

    public Path diffDir(String before, String after) {
        return diffs.resolve(checked(before) + "-" + checked(after));
    }

    public void writeOutput(String id, String name, String content) throws IOException {
        writeAtomically(output(id, name), content);
    }

    /** What writes one output onto a writer, as it is made (UTF-8 underneath). */
    public interface Content {
        void writeTo(java.io.Writer out) throws IOException;
    }

    /** As {@link #writeOutput(String, String, String)}, written as it is made: a page of megabytes is never a string. */
    public void writeOutput(String id, String name, Content content) throws IOException {
        writeAtomically(output(id, name), content);
    }

    public static void writeAtomically(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (java.io.Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            content.writeTo(out);
        } catch (IOException | RuntimeException | Error e) {
            // made as it is written, so a failure can come halfway: no half-written file of ours stays behind
            Files.deleteIfExists(tmp);
            throw e;
        }
        move(tmp, target);
    }

    public static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        move(tmp, target);
    }

    private void writeMeta(RecordingMeta meta) throws IOException {
        writeAtomically(recordings.resolve(meta.id()).resolve(META), JSON.writeValueAsString(meta));
    }

    private static String checked(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a recording id: " + id);
        }
        return id;
    }

    private String newId() {
        while (true) {
            char[] c = new char[10];
            for (int i = 0; i < c.length; i++) {
                c[i] = BASE32[random.nextInt(BASE32.length)];
            }
            String id = new String(c);
            if (!byId.containsKey(id) && !Files.exists(recordings.resolve(id))) {
                return id;
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void clean(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                deleteTree(f);
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
