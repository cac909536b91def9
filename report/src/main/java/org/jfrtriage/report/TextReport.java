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
    /** A table cell is cut to this many characters in text (the HTML report shows it whole). */
    private static final int CELL_WIDTH = 40;
    /** The evidence key of the one-line "who held the lock" sentence, shown on its own line. */
    static final String HELD_BY = "heldBy";

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
        List<Integer> incidents = triage.incidents();
        for (IncidentBlocks.Block block : IncidentBlocks.of(triage)) {
            appendIncident(out, block);
        }
        for (Step step : Step.values()) {
            if (step == Step.DID_THE_FIX_WORK) {
                continue; // step 4 is the diff command
            }
            out.append("Step ").append(step.number()).append(" — ").append(step.question()).append('\n');
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                if (f.step() == step) {
                    out.append("  found ").append(f.kind()).append(": ").append(f.severity().label()).append(' ')
                            .append(f.score()).append(", incident ").append(incidents.get(i)).append(" above\n");
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

    /**
     * One incident as one block: its heading (site and facets), the "who held the lock" sentence once, then each
     * facet — a finding — with its numbers; a table or a fix a facet shares with an earlier one is not repeated.
     */
    private static void appendIncident(StringBuilder out, IncidentBlocks.Block block) {
        appendWrapped(out, "Incident " + block.number() + " — ", block.heading());
        String heldBy = block.heldBy();
        if (!heldBy.isEmpty()) {
            appendWrapped(out, "  held by   ", heldBy);
        }
        List<EvidenceTable> shownTables = new ArrayList<>();
        List<String> shownFixes = new ArrayList<>();
        for (Finding f : block.findings()) {
            appendFinding(out, f, block.lead(), shownTables, shownFixes, heldBy);
        }
        out.append('\n');
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

    private static void appendFinding(StringBuilder out, Finding f, Finding lead, List<EvidenceTable> shownTables,
            List<String> shownFixes, String blockHeldBy) {
        out.append(String.format(Locale.ROOT, "  %-8s %3d  %s (step %d) — %s%n", f.severity().label().toUpperCase(Locale.ROOT),
                f.score(), IncidentBlocks.facet(f.kind()), f.step().number(), f.title()));
        if (!f.site().equals(lead.site()) || f == lead) {
            out.append("       site      ").append(f.site()).append('\n');
        }
        if (!f.subject().isEmpty() && (f == lead || !f.subject().equals(lead.subject()))) {
            out.append("       subject   ").append(f.subject()).append('\n');
        }
        if (f.evidence(HELD_BY) instanceof String heldBy && !heldBy.isEmpty() && !heldBy.equals(blockHeldBy)) {
            appendWrapped(out, "       held by   ", heldBy);
        }
        List<Evidence> evidence = f.evidence().stream().filter(e -> !e.key().equals(HELD_BY)).toList();
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
            if (shownTables.contains(table)) {
                out.append("       ").append(table.title()).append(": as above\n");
                continue;
            }
            shownTables.add(table);
            if (table.columns().size() > 1) {
                appendTable(out, table);
                continue;
            }
            List<String> rows = new ArrayList<>();
            for (int r = 0; r < table.rows().size() && r < TABLE_ROWS; r++) {
                rows.add(String.join(" ", table.rows().get(r).stream().map(Numbers::cell).toList()));
            }
            String more = table.rows().size() > TABLE_ROWS ? ", … (" + (table.rows().size() - TABLE_ROWS) + " more)" : "";
            appendWrapped(out, "       ", table.title() + ": " + String.join(", ", rows) + more);
        }
        if (shownFixes.contains(f.recommendation())) {
            out.append("       fix       as above\n");
        } else {
            shownFixes.add(f.recommendation());
            appendWrapped(out, "       fix       ", f.recommendation());
        }
    }

    /**
     * A table of several columns under its title, with its column headers, columns aligned and cut to fit
     * ({@link #CELL_WIDTH}); numbers right-aligned.
     */
    private static void appendTable(StringBuilder out, EvidenceTable table) {
        String indent = "         ";
        int columns = table.columns().size();
        int rows = Math.min(table.rows().size(), TABLE_ROWS);
        String[][] cells = new String[rows + 1][columns];
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            cells[0][c] = fit(table.columns().get(c));
            numeric[c] = table.rows().get(0).size() > c && table.rows().get(0).get(c) instanceof Number;
        }
        for (int r = 0; r < rows; r++) {
            List<Object> row = table.rows().get(r);
            for (int c = 0; c < columns; c++) {
                cells[r + 1][c] = fit(c < row.size() ? Numbers.cell(row.get(c)) : "");
            }
        }
        for (String[] row : cells) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        // the last column takes what is left of the line, cut if it must be
        int used = indent.length();
        for (int c = 0; c < columns - 1; c++) {
            used += width[c] + 2;
        }
        int last = Math.max(12, WIDTH - used);
        if (width[columns - 1] > last) {
            width[columns - 1] = last;
            for (String[] row : cells) {
                if (row[columns - 1].length() > last) {
                    row[columns - 1] = row[columns - 1].substring(0, last - 1) + "…";
                }
            }
        }
        appendWrapped(out, "       ", table.title() + (table.rows().size() > TABLE_ROWS
                ? " (first " + TABLE_ROWS + " of " + table.rows().size() + ")" : ""));
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(numeric[c] ? pad + cell : cell + pad).append(c == columns - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String fit(String cell) {
        return cell.length() <= CELL_WIDTH ? cell : cell.substring(0, CELL_WIDTH - 1) + "…";
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
