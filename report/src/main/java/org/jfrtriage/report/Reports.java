package org.jfrtriage.report;

import org.jfrtriage.rules.Triage;

/** Renders a triage in any {@link Format}. */
public final class Reports {
    private Reports() {
    }

    public static String render(Triage triage, Format format) {
        switch (format) {
            case JSON:
                return JsonReport.render(triage);
            case CSV:
                return CsvReport.render(triage);
            case HTML:
                return HtmlReport.render(triage);
            case TEXT:
            default:
                return TextReport.render(triage);
        }
    }
}
