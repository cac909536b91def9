package org.jfrtriage.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the store keeps about one recording besides the file and its analysis: where it came from, where its
 * analysis stands and the one-line verdict the recordings list shows. Saved as {@code meta.json} next to the file.
 *
 * @param id          the URL id: random, never derived from the upload's name
 * @param name        what the person knows it by (the upload's file name, or "pid 1234 — main class"); display only
 * @param source      {@code upload} or {@code live}
 * @param sha256      of the file's bytes: the same file uploaded twice is recognized by it
 * @param createdAt   epoch ms when it arrived
 * @param status      where the analysis stands
 * @param error       why it failed, one readable line
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingMeta(String id, String name, String source, String sha256, long size, long createdAt,
                            Status status, String error, Summary summary) {

    /** Where a recording's analysis stands. */
    public enum Status {
        /** A live JVM is being recorded into it. */
        RECORDING,
        /** Waiting for a worker. */
        QUEUED,
        ANALYZING,
        DONE,
        FAILED;

        public boolean finished() {
            return this == DONE || this == FAILED;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The verdict line of a finished analysis.
     *
     * @param worstSeverity {@code ok}, {@code info}, {@code warning} or {@code critical}
     * @param topFinding    the rank-1 finding's title, or the healthy verdict
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(String worstSeverity, String topFinding, int findings, String producer, String jvm,
                          long durationMs, long startEpochMs, boolean complete, long analysisMs) {
    }

    public RecordingMeta withStatus(Status newStatus, String newError) {
        return new RecordingMeta(id, name, source, sha256, size, createdAt, newStatus, newError, summary);
    }

    public RecordingMeta done(Summary newSummary) {
        return new RecordingMeta(id, name, source, sha256, size, createdAt, Status.DONE, null, newSummary);
    }

    public RecordingMeta withFile(String newSha256, long newSize) {
        return new RecordingMeta(id, name, source, newSha256, newSize, createdAt, status, error, summary);
    }
}
