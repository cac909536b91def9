package org.jfrtriage.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Units;

/**
 * The terminal report: the verdict first, then the playbook top to bottom, each finding with its site, the
 * numbers behind it and the fix. Plain text, 100 columns, readable at 3 a.m.
 */
public final class TextReport {

    static final int WIDTH = 100;
    private static final int EVIDENCE_ROWS = 6;
    private static final int TABLE_ROWS = 5;

    private TextReport() {
    }

    public static String render(Triage triage) {
        StringBuilder out = new StringBuilder();
        RecordingInfo info = triage.profile().info();
        out.append(ToolInfo.NAME).append(' ').append(ToolInfo.VERSION).append(" — ").append(header(info)).append('\n');
        for (String warning : info.warnings()) {
            out.append("  ! ").append(warning).append('\n');
        }
        for (String notice : RecordingNotices.of(info)) {
            out.append("  i ").append(notice).append('\n');
        }
        out.append('\n').append(triage.verdict()).append("\n\n");
        List<Finding> findings = triage.findings();
        for (Step step : Step.values()) {
            if (step == Step.DID_THE_FIX_WORK) {
                continue; // step 4 is the diff command
            }
            out.append("Step ").append(step.number()).append(" — ").append(step.question()).append('\n');
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                if (f.step() == step) {
                    appendFinding(out, f, i + 1);
                }
            }
            for (Check c : triage.checks()) {
                if (c.step() == step && c.status() != Check.Status.FINDINGS) {
                    out.append("  ").append(c.status() == Check.Status.OK ? "ok   " : "n/a  ").append(c.rule())
                            .append(": ").append(c.message()).append('\n');
                }
            }
            out.append('\n');
        }
        out.append("Step 4 — Did the fix work? Record again after the fix and run: jfrtriage diff BEFORE AFTER\n");
        return out.toString();
    }

    /** {@code orders.jfr (jdk, 17.0.15, 30 s, complete)}: which recording a report is about. */
    static String header(RecordingInfo info) {
        List<String> parts = new ArrayList<>();
        parts.add(info.producer());
        if (!info.jvm().version().isEmpty()) {
            parts.add(info.jvm().version());
        }
        parts.add(Units.nanos(info.durationNanos()));
        parts.add(info.complete() ? "complete" : "INCOMPLETE");
        if (info.compressed()) {
            parts.add(info.compression() + "-compressed");
        }
        return info.source() + " (" + String.join(", ", parts) + ")";
    }

    private static void appendFinding(StringBuilder out, Finding f, int rank) {
        out.append(String.format(Locale.ROOT, "  #%d %-8s %3d  %s%n", rank, f.severity().label().toUpperCase(Locale.ROOT),
                f.score(), f.title()));
        out.append("       site      ").append(f.site()).append('\n');
        if (!f.subject().isEmpty()) {
            out.append("       subject   ").append(f.subject()).append('\n');
        }
        List<Evidence> evidence = f.evidence();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < evidence.size() && i < EVIDENCE_ROWS; i++) {
            Evidence e = evidence.get(i);
            shown.add(e.label() + " " + Numbers.withUnit(e.value(), e.unit()));
        }
        appendWrapped(out, "       evidence  ", String.join(" · ", shown));
        for (EvidenceTable table : f.tables()) {
            if (table.rows().isEmpty()) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            for (int r = 0; r < table.rows().size() && r < TABLE_ROWS; r++) {
                rows.add(String.join(" ", table.rows().get(r).stream().map(Numbers::cell).toList()));
            }
            String more = table.rows().size() > TABLE_ROWS ? ", … (" + (table.rows().size() - TABLE_ROWS) + " more)" : "";
            appendWrapped(out, "       ", table.title() + ": " + String.join(", ", rows) + more);
        }
        appendWrapped(out, "       fix       ", f.recommendation());
    }

    /** Word-wraps {@code text} to {@link #WIDTH}, indenting continuation lines under the first. */
    static void appendWrapped(StringBuilder out, String prefix, String text) {
        String indent = " ".repeat(prefix.length());
        StringBuilder line = new StringBuilder(prefix);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > prefix.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
