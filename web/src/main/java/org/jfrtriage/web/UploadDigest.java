package org.jfrtriage.web;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * An upload's body as the form parser reads it, with the SHA-256 of its part {@code file} taken on the way: each
 * chunk the form parser reads is also handed to a second Jetty {@link MultiPart.Parser} on the same boundary, whose
 * content callbacks carry exactly the part's bytes. A 500 MB recording is then known by its digest when the upload
 * ends, rather than after reading the stored file again (~0.4 s).
 *
 * <p>The digest is only trusted when the second parser ended cleanly, saw one part named {@code file}, and
 * digested as many bytes as the stored file holds ({@link #sha256(long)}); else the caller digests the file.
 */
final class UploadDigest implements Content.Source {

    private static final String FIELD = "file";

    private final Content.Source body;
    private final MultiPart.Parser parser;
    private final MessageDigest sha = newSha256();
    private long digested;
    private int fileParts;
    private boolean complete;
    private boolean failed;

    UploadDigest(Content.Source body, String boundary) {
        this.body = body;
        this.parser = new MultiPart.Parser(boundary, new Listener());
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = body.read();
        if (chunk != null && !failed && !complete && !Content.Chunk.isFailure(chunk)) {
            try {
                // a view of the bytes: the form parser reads the chunk itself after us
                parser.parse(Content.Chunk.from(chunk.getByteBuffer().asReadOnlyBuffer(), chunk.isLast()));
            } catch (RuntimeException e) {
                failed = true; // the file is digested instead
            }
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        body.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        failed = true;
        body.fail(failure);
    }

    @Override
    public void fail(Throwable failure, boolean last) {
        failed = true;
        body.fail(failure, last);
    }

    @Override
    public long getLength() {
        return body.getLength();
    }

    @Override
    public boolean rewind() {
        return false; // what was digested cannot be read again
    }

    /** The hex SHA-256 of part {@code file}, or null when it cannot be trusted for a stored file of this size. */
    String sha256(long storedSize) {
        if (failed || !complete || fileParts != 1 || digested != storedSize) {
            return null;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private final class Listener extends MultiPart.AbstractPartsListener {
        @Override
        public void onPartContent(Content.Chunk chunk) {
            // read during the call only: the parser releases the chunk when the call returns (Jetty 12.1)
            if (FIELD.equals(getName())) {
                ByteBuffer bytes = chunk.getByteBuffer().slice();
                digested += bytes.remaining();
                sha.update(bytes);
            }
        }

        @Override
        public void onPart(String name, String fileName, HttpFields headers) {
            if (FIELD.equals(name)) {
                fileParts++;
            }
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable failure) {
            failed = true;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
