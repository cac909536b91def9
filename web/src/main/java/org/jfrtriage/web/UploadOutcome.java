package org.jfrtriage.web;

/**
 * How an upload ended, and the one place that maps each ending to its HTTP status and its
 * {@code jfrtriage_uploads_total{outcome=…}} label (several endings may share a label: the metric is coarser
 * than the status).
 */
enum UploadOutcome {
    /** A new recording: 303 to its page for a browser, 201 with its URLs for a script. */
    ACCEPTED("accepted", 303, 201),
    /** A recording the server already had (same SHA-256): 303 to it, or 200 for a script. */
    DUPLICATE("duplicate", 303, 200),
    TOO_LARGE("too_large", 413, 413),
    NOT_A_RECORDING("not_a_recording", 415, 415),
    UNREADABLE("unreadable", 422, 422),
    /** Not multipart/form-data at all. */
    NOT_MULTIPART("bad_request", 415, 415),
    /** Multipart, but without a boundary, unparsable, or without the field {@code file}. */
    MALFORMED("bad_request", 400, 400),
    /** The data directory is full: nothing was kept. */
    DISK_FULL("disk_full", 507, 507);

    private final String label;
    private final int browserStatus;
    private final int scriptStatus;

    UploadOutcome(String label, int browserStatus, int scriptStatus) {
        this.label = label;
        this.browserStatus = browserStatus;
        this.scriptStatus = scriptStatus;
    }

    /** The metric label. */
    String label() {
        return label;
    }

    /** The status answered to a browser (an HTML form) or, with {@code json}, to a script that asked for JSON. */
    int status(boolean json) {
        return json ? scriptStatus : browserStatus;
    }

    boolean refused() {
        return this != ACCEPTED && this != DUPLICATE;
    }
}
