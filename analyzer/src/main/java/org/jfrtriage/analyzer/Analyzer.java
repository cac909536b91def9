package org.jfrtriage.analyzer;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ProfileBuilder;
import org.jfrtriage.analyzer.read.ChunkLayout;
import org.jfrtriage.analyzer.read.InflatedRecording;
import org.jfrtriage.analyzer.read.JdkRecordingReader;
import org.jfrtriage.analyzer.read.RecordingReader;
import org.jfrtriage.analyzer.read.fast.FastJfrReader;
import org.jfrtriage.analyzer.read.v0.V0Reader;

/** Reads a recording file into a {@link Profile}: the analyzer's one entry point for files. */
public final class Analyzer {

    /** Which parser reads the file. */
    public enum Engine {
        /** {@code jdk.jfr.consumer}: the JDK's own parser, the reference. */
        JDK,
        /** Our streaming parser: metadata-driven, skips what the rules do not use, reads cut chunks. */
        FAST
    }

    private final Engine engine;

    public Analyzer(Engine engine) {
        this.engine = engine;
    }

    /** The fast reader: the same events as the reference (tested on every sample recording), and it reads cut chunks. */
    public Analyzer() {
        this(Engine.FAST);
    }

    public Profile analyze(Path file) throws RecordingException {
        return analyze(file, file.getFileName().toString());
    }

    /**
     * Reads {@code file}, reporting it as {@code source} (the name a person knows it by, e.g. an upload's). A gzip'd
     * or zipped recording is inflated into a temporary directory first, deleted before this returns.
     */
    public Profile analyze(Path file, String source) throws RecordingException {
        if (!Files.exists(file)) {
            throw new RecordingException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new RecordingException(file + ": is a directory, not a recording");
        }
        if (!Files.isReadable(file)) {
            throw new RecordingException(file + ": permission denied");
        }
        try (InflatedRecording recording = InflatedRecording.open(file)) {
            ProfileBuilder builder = new ProfileBuilder(source);
            // a compressed recording is inflated on a thread of its own: the fast reader reads each chunk as it
            // comes, the others wait for the whole file
            Path path = recording.growingPath();
            Profile profile;
            try {
                recording.awaitSize(ChunkLayout.HEADER_SIZE);
                refuseCutHeader(path);
                boolean v0 = isFormat09(path);
                boolean growing = !v0 && engine == Engine.FAST && recording.compression() != InflatedRecording.Compression.NONE;
                if (!v0 && engine == Engine.FAST) {
                    // the waits of a long read go to a second thread; the JDK's reader stays as it was, the reference
                    builder.offloadWaits();
                }
                try {
                    if (growing) {
                        new FastJfrReader().read(path, recording, builder);
                    } else {
                        (v0 ? new V0Reader() : reader()).read(recording.path(), builder);
                    }
                } finally {
                    builder.finishWaits(); // no thread outlives a failed read
                }
                builder.readFrom(recording.compression().label(), recording.notes());
                profile = builder.build();
                if (!profile.info().complete()
                        && profile.info().eventCounts().values().stream().mapToLong(Long::longValue).sum() == 0) {
                    // a report of nothing would read as "no verdict" about a recording that is not there
                    throw new RecordingException(path + ": nothing in it could be read"
                            + (profile.info().warnings().isEmpty() ? "" : " (" + profile.info().warnings().get(0) + ")"));
                }
            } catch (RecordingException e) {
                if (path.equals(file)) {
                    throw e;
                }
                // name the file a person gave, not our inflated copy
                throw new RecordingException(e.getMessage().replace(path.toString(),
                        file + " (" + recording.compression().label() + "-compressed)"), e);
            }
            return profile;
        }
    }

    /**
     * A file that starts like a recording but ends inside its first chunk header holds nothing to read: it is a
     * recording cut short (exit 3, HTTP 422), not "not a recording" (HTTP 415).
     */
    public static void refuseCutHeader(Path file) throws RecordingException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(ChunkLayout.HEADER_SIZE);
            if (start.length >= 4 && start.length < ChunkLayout.HEADER_SIZE && start[0] == 'F' && start[1] == 'L'
                    && start[2] == 'R' && start[3] == 0) {
                throw new RecordingException(String.format("%s: a flight recording cut inside its first chunk header "
                        + "(%d of %d bytes); nothing in it can be read", file, start.length, ChunkLayout.HEADER_SIZE));
            }
        } catch (java.io.IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Format 0.9 (JDK 7/8, JRockit) has a reader of its own, whatever the engine: jdk.jfr cannot read it. */
    private static boolean isFormat09(Path file) throws RecordingException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer start = java.nio.ByteBuffer.allocate(8);
            channel.read(start, 0);
            start.flip();
            return V0Reader.isV0(start);
        } catch (java.io.IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private RecordingReader reader() {
        switch (engine) {
            case FAST:
                return new FastJfrReader();
            case JDK:
            default:
                return new JdkRecordingReader();
        }
    }
}
