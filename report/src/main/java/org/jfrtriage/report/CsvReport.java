package org.jfrtriage.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;

/** One row per finding, for spreadsheets: {@code analyze --format csv}, {@code /recordings/{id}/findings.csv}. */
public final class CsvReport {

    static final String[] HEADER = {"rank", "severity", "score", "step", "kind", "title", "site", "subject",
            "evidence", "recommendation", "id", "source"};

    private CsvReport() {
    }

    public static String render(Triage triage) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            int rank = 1;
            for (Finding f : triage.findings()) {
                String evidence = f.evidence().stream()
                        .map(e -> e.key() + "=" + Numbers.withUnit(e.value(), e.unit()))
                        .collect(Collectors.joining("; "));
                printer.printRecord(rank++, f.severity().label(), f.score(), f.step().number(), f.kind(), f.title(),
                        f.site().toString(), f.subject(), evidence, f.recommendation(), f.id(),
                        triage.profile().info().source());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
