package org.jfrtriage.report;

/** The tool's name and version as reports state them. */
public final class ToolInfo {
    public static final String NAME = "jfr-triage";
    public static final String VERSION = "0.1.0";
    /** Version of the JSON report layout; bumped only for incompatible changes (which the contract forbids). */
    public static final int SCHEMA_VERSION = 1;

    private ToolInfo() {
    }
}
