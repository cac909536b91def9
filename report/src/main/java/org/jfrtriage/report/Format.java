package org.jfrtriage.report;

import java.util.Locale;

/** The output formats every report can be written in. */
public enum Format {
    TEXT, JSON, CSV, HTML;

    public static Format parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
