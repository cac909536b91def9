package org.jfrtriage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Random;

import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest taken while an upload is parsed is the digest of the bytes Jetty's form parser stores for part
 * {@code file}, however the body arrives in chunks: bodies with other fields around the file, file bytes that
 * look like the start of a boundary, CRs and LFs at chunk edges; and it is refused (null) when it cannot be told.
 */
class UploadDigestTest {

    private static final String BOUNDARY = "----jfrtriageBoundary7MA4YWxkTrZu0gW";

    @TempDir
    Path dir;

    @Test
    void digestIsTheStoredPartsWhateverTheChunking() throws Exception {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            byte[] file = fileBytes(random, random.nextInt(round < 20 ? 64 : round < 100 ? 4_000 : 200_000));
            boolean fieldsAround = random.nextBoolean();
            byte[] body = body(file, fieldsAround, false);
            Parsed parsed = parse(body, random, round < 100 && round % 3 == 0 ? 1 : 1 + random.nextInt(8192));

            Path stored = dir.resolve("stored-" + round);
            MultiPart.Part part = parsed.parts.getFirst("file");
            part.writeTo(stored);
            // what Jetty stored: fed one byte at a time, it has stored a part that starts with '-' with an LF
            // before it (once in 200 bodies) — Jetty's doing; a recording starts with "FLR" or a gzip or zip magic
            byte[] bytes = Files.readAllBytes(stored);
            assertThat(parsed.digest.sha256(bytes.length)).as("round %d, %d bytes", round, file.length).isEqualTo(sha256(bytes));
            parsed.parts.close();
        }
    }

    @Test
    void twoFilePartsOrAnotherSizeAreNotTrusted() throws Exception {
        Random random = new Random(7);
        byte[] file = fileBytes(random, 10_000);
        Parsed twice = parse(body(file, true, true), random, 777);
        assertThat(twice.digest.sha256(file.length)).isNull();
        twice.parts.close();

        Parsed once = parse(body(file, false, false), random, 777);
        assertThat(once.digest.sha256(file.length + 1)).isNull();
        once.parts.close();
    }

    @Test
    void aBodyCutBeforeItsLastBoundaryIsNotTrusted() throws Exception {
        Random random = new Random(3);
        byte[] file = fileBytes(random, 10_000);
        byte[] body = body(file, false, false);
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 20);
        UploadDigest digest = new UploadDigest(new ChunkSource(cut, random, 1000), BOUNDARY);
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(BOUNDARY);
        parser.setFilesDirectory(dir);
        parser.setMaxMemoryFileSize(0);
        assertThatThrownBy(() -> parser.parse(digest).get()).hasCauseInstanceOf(Exception.class);
        assertThat(digest.sha256(file.length)).isNull();
    }

    private record Parsed(UploadDigest digest, MultiPartFormData.Parts parts) {
    }

    private Parsed parse(byte[] body, Random random, int maxChunk) throws Exception {
        UploadDigest digest = new UploadDigest(new ChunkSource(body, random, maxChunk), BOUNDARY);
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(BOUNDARY);
        parser.setFilesDirectory(dir);
        parser.setMaxMemoryFileSize(0);
        parser.setMaxParts(8);
        return new Parsed(digest, parser.parse(digest).get());
    }

    /** Random bytes, with CRs, LFs and pieces of the boundary strewn in. */
    private static byte[] fileBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        byte[] near = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 3)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length / 500; i++) {
            int at = random.nextInt(length);
            int n = Math.min(length - at, 1 + random.nextInt(near.length));
            System.arraycopy(near, 0, bytes, at, n);
        }
        if (length > 0 && random.nextBoolean()) {
            bytes[length - 1] = '\r';
        }
        return bytes;
    }

    private static byte[] body(byte[] file, boolean fieldsAround, boolean fileTwice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (fieldsAround) {
            field(out, "note", "before\r\n");
        }
        filePart(out, file);
        if (fileTwice) {
            filePart(out, file);
        }
        if (fieldsAround) {
            field(out, "after", "x");
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void filePart(ByteArrayOutputStream out, byte[] file) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.jfr\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void field(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A request body arriving in chunks of random sizes up to {@code maxChunk}, the last one flagged. */
    private static final class ChunkSource implements Content.Source {
        private final Deque<Content.Chunk> chunks = new ArrayDeque<>();

        ChunkSource(byte[] body, Random random, int maxChunk) {
            for (int at = 0; at < body.length; ) {
                int n = Math.min(body.length - at, 1 + random.nextInt(maxChunk));
                chunks.add(Content.Chunk.from(ByteBuffer.wrap(body, at, n).slice(), false));
                at += n;
            }
            chunks.add(Content.Chunk.EOF);
        }

        @Override
        public Content.Chunk read() {
            return chunks.poll();
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public void fail(Throwable failure) {
            chunks.clear();
            chunks.add(Content.Chunk.from(failure));
        }
    }
}
