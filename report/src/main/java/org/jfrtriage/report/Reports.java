package org.jfrtriage.report;

import java.io.IOException;
import java.io.Writer;

import org.jfrtriage.rules.Triage;

/** Renders a triage in any {@link Format}. */
public final class Reports {
    private Reports() {
    }

    /**
     * The report written onto {@code out}: the HTML page as it is made (megabytes of graphs on a large recording), the
     * others rendered and written.
     */
    public static void write(Triage triage, Format format, Writer out) throws IOException {
        if (format == Format.HTML) {
            HtmlReport.write(triage, out);
        } else {
            out.write(render(triage, format));
        }
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
