package org.jfrtriage.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.analyzer.profile.Timeline;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Units;
import org.jfrtriage.rules.playbook.ThreadPileupRule;

/**
 * One self-contained HTML file for a post-mortem: verdict, findings in playbook order, interactive flame graphs
 * (zoom, search, the top finding's site highlighted) and a per-second timeline. No network access needed.
 * Everything taken from the recording is escaped; data travels as JSON inside a non-executable script element.
 */
public final class HtmlReport {

    /** Evidence tables show this many rows; the rest fold under a "N more rows" summary. */
    public static final int FOLD_ROWS = 8;
    private static final String ASSETS = "/org/jfrtriage/report/assets/";
    /** Streams the page's data: no ObjectMapper is made for a page (its setup alone was ~25 ms of a cold run). */
    private static final JsonFactory JSON = new JsonFactory();

    private HtmlReport() {
    }

    public static String render(Triage triage) {
        java.io.StringWriter page = new java.io.StringWriter(64 * 1024);
        try {
            write(triage, page);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return page.toString();
    }

    /**
     * The page written as it is made: the findings, then the graphs' and timeline's data from the profile straight onto
     * {@code out} (one flame graph tree at a time, no JSON tree and no string of the page), then the scripts. A 500 MB
     * recording's page is ~10 MB, which as a tree, a string and its bytes took more than a 256 MB heap had left beside
     * the profile.
     */
    public static void write(Triage triage, Writer out) throws IOException {
        writePage(triage, out, page -> {
            JsonGenerator json = scriptSafeGenerator(page);
            writeData(triage, json);
            json.close();
        });
    }

    /**
     * As {@link #write(Triage, Writer)} with the data already written once by {@link #writeData(Triage, Writer)} (the
     * web's view.json), copied onto the page as it is: the work of the graphs is done once, and the data is already
     * script-safe.
     */
    public static void write(Triage triage, Writer out, Reader data) throws IOException {
        writePage(triage, out, data::transferTo);
    }

    private interface Data {
        void writeTo(Writer page) throws IOException;
    }

    private static void writePage(Triage triage, Writer out, Data data) throws IOException {
        RecordingInfo info = triage.profile().info();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc("jfr-triage — " + info.source())).append("</title>")
                .append("<style>").append(asset("report.css")).append("</style></head><body>\n");
        html.append("<header class=\"verdict sev-").append(triage.worstSeverity().label()).append("\">")
                .append("<div class=\"tool\">").append(esc(ToolInfo.NAME + " " + ToolInfo.VERSION)).append("</div>")
                .append("<h1>").append(esc(triage.verdict())).append("</h1>")
                .append("<div class=\"meta\">").append(esc(TextReport.header(info))).append("</div></header>\n<main>\n");
        for (String warning : info.warnings()) {
            html.append("<p class=\"warning-banner\">").append(esc(warning)).append("</p>\n");
        }
        for (String notice : RecordingNotices.of(info)) {
            html.append("<p class=\"notice-banner\">").append(esc(notice)).append("</p>\n");
        }
        appendFindings(html, triage);
        html.append("<section id=\"flamegraphs\"><h2>Flame graphs</h2>")
                .append("<p class=\"hint\">Click a frame to zoom, Esc to reset, type a regex to search. ")
                .append("The top finding's site is outlined.</p><div id=\"graphs\"></div></section>\n");
        html.append("<section id=\"lanes-section\"><h2>Threads of the top incident</h2><p class=\"hint\">")
                .append(esc(LANES_HINT)).append("</p><div id=\"lanes\"></div></section>\n");
        html.append("<section id=\"timeline-section\"><h2>Timeline</h2><div id=\"timeline\"></div></section>\n");
        appendRecording(html, info);
        html.append("</main>\n<script type=\"application/json\" id=\"report-data\">");
        out.append(html);
        data.writeTo(out);
        out.append("</script>\n")
                .append("<script>").append(script("flamegraph.js")).append("</script>\n")
                .append("<script>").append(script("timeline.js")).append("</script>\n")
                .append("<script>").append(script("lanes.js")).append("</script>\n")
                .append("<script>").append(BOOT).append("</script>\n</body></html>\n");
    }

    /** What the lanes show, said once under their heading (the same words in the web page). */
    public static final String LANES_HINT = "One lane per thread that waited for the top incident's lock or held it, "
            + "coloured by what it was doing: running (CPU samples), blocked (entering a monitor), parked, waiting "
            + "(Object.wait), sleeping (Thread.sleep), I/O (socket and file events, or wall samples' frames). A holder's "
            + "holds while others waited are "
            + "underlined. Hover a lane for its thread, state and time.";

    private static final String BOOT = String.join("\n",
            "(function(){",
            "  var data = JSON.parse(document.getElementById('report-data').textContent);",
            "  var graphs = document.getElementById('graphs');",
            "  data.graphs.forEach(function(g){",
            "    var box = document.createElement('div'); box.className = 'graph'; box.id = 'graph-' + g.id;",
            "    var h = document.createElement('h3'); h.textContent = g.title; box.appendChild(h);",
            "    var holder = document.createElement('div'); box.appendChild(holder); graphs.appendChild(box);",
            "    if (window.FlameGraph) { window.FlameGraph.render(holder, g.tree, {title: g.title, unit: g.unit, highlight: data.highlight}); }",
            "  });",
            "  if (window.ThreadLanes) { window.ThreadLanes.render(document.getElementById('lanes'), data.lanes, data.timeline.startEpochMs); }",
            "  if (window.Timeline && data.timeline.seconds > 0) { window.Timeline.render(document.getElementById('timeline'), data.timeline, {}); }",
            "})();");

    private static void appendFindings(StringBuilder html, Triage triage) {
        List<Finding> findings = triage.findings();
        List<Integer> incidents = triage.incidents();
        List<IncidentBlocks.Block> blocks = IncidentBlocks.of(triage);
        if (!blocks.isEmpty()) {
            html.append("<section id=\"incidents\"><h2>Findings, most likely cause first</h2>\n");
            for (IncidentBlocks.Block block : blocks) {
                appendIncident(html, block);
            }
            html.append("</section>\n");
        }
        for (Step step : Step.values()) {
            if (step == Step.DID_THE_FIX_WORK) {
                continue;
            }
            html.append("<section class=\"step\"><h2>Step ").append(step.number()).append(" — ")
                    .append(esc(step.question())).append("</h2>\n");
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                if (f.step() == step) {
                    html.append("<p class=\"check check-found\"><span class=\"badge sev-").append(f.severity().label())
                            .append("\">").append(f.severity().label()).append(' ').append(f.score()).append("</span> <b>")
                            .append(esc(f.kind())).append("</b>: <a href=\"#finding-").append(i + 1).append("\">incident ")
                            .append(incidents.get(i)).append("</a> above</p>\n");
                }
            }
            for (Check c : triage.checks()) {
                if (c.step() == step && c.status() != Check.Status.FINDINGS) {
                    html.append("<p class=\"check check-").append(c.status().label()).append("\"><span class=\"badge\">")
                            .append(c.status() == Check.Status.OK ? "ok" : "n/a").append("</span> <b>")
                            .append(esc(c.rule())).append("</b>: ").append(esc(c.message())).append("</p>\n");
                }
            }
            html.append("</section>\n");
        }
    }

    /** One incident: its heading, the "who held the lock" sentence once, then its findings (facets) in rank order. */
    private static void appendIncident(StringBuilder html, IncidentBlocks.Block block) {
        Finding lead = block.lead();
        html.append("<section class=\"incident sev-").append(lead.severity().label()).append("\" id=\"incident-")
                .append(block.number()).append("\" data-facets=\"").append(block.findings().size()).append("\">")
                .append("<h3 class=\"incident-title\"><span class=\"badge sev-").append(lead.severity().label()).append("\">")
                .append(lead.severity().label()).append(' ').append(lead.score()).append("</span> Incident ")
                .append(block.number()).append(" — ").append(esc(block.heading())).append("</h3>\n");
        String heldBy = block.heldBy();
        if (!heldBy.isEmpty()) {
            html.append("<p class=\"held-by\"><b>Held by:</b> ").append(esc(heldBy)).append("</p>\n");
        }
        for (int i = 0; i < block.findings().size(); i++) {
            appendFinding(html, block.findings().get(i), block.ranks().get(i), heldBy);
        }
        html.append("</section>\n");
    }

    private static void appendFinding(StringBuilder html, Finding f, int rank, String blockHeldBy) {
        html.append("<article class=\"finding sev-").append(f.severity().label()).append("\" id=\"finding-").append(rank)
                .append("\" data-kind=\"").append(esc(f.kind())).append("\"><h4><span class=\"facet\">")
                .append(esc(IncidentBlocks.facet(f.kind()))).append("</span> <span class=\"badge sev-")
                .append(f.severity().label()).append("\">").append(f.severity().label()).append(" ").append(f.score())
                .append("</span> <span class=\"step-tag\">step ").append(f.step().number()).append("</span> ")
                .append(esc(f.title())).append("</h4>\n");
        html.append("<p class=\"site\">at <code>").append(esc(f.site().toString())).append("</code>");
        if (!f.subject().isEmpty()) {
            html.append(" · on <code>").append(esc(f.subject())).append("</code>");
        }
        html.append("</p>\n");
        if (f.evidence(TextReport.HELD_BY) instanceof String heldBy && !heldBy.isEmpty() && !heldBy.equals(blockHeldBy)) {
            html.append("<p class=\"held-by\"><b>Held by:</b> ").append(esc(heldBy)).append("</p>\n");
        }
        html.append("<p class=\"fix\"><b>Fix:</b> ").append(esc(f.recommendation())).append("</p>\n");
        html.append("<table class=\"evidence\"><tbody>");
        for (Evidence e : f.evidence()) {
            if (e.key().equals(TextReport.HELD_BY)) {
                continue; // said in its own line above
            }
            html.append("<tr><th>").append(esc(e.label())).append(e.value() instanceof Number ? "</th><td class=\"num\">" : "</th><td>")
                    .append(esc(Numbers.withUnit(e.value(), e.unit()))).append("</td></tr>");
        }
        html.append("</tbody></table>\n");
        for (EvidenceTable t : f.tables()) {
            if (t.rows().isEmpty()) {
                continue;
            }
            List<Object> first = t.rows().get(0);
            StringBuilder head = new StringBuilder("<thead><tr>");
            for (int c = 0; c < t.columns().size(); c++) {
                boolean numeric = c < first.size() && first.get(c) instanceof Number;
                head.append(numeric ? "<th class=\"num\">" : "<th>").append(esc(t.columns().get(c))).append("</th>");
            }
            head.append("</tr></thead>");
            int shown = Math.min(t.rows().size(), FOLD_ROWS);
            html.append("<table class=\"detail\"><caption>").append(esc(t.title())).append("</caption>").append(head);
            appendRows(html, t.rows().subList(0, shown));
            html.append("</table>\n");
            if (shown < t.rows().size()) {
                // the rest folds: a 32-row table must not push the flame graphs off the screen
                int more = t.rows().size() - shown;
                html.append("<details class=\"more-rows\"><summary>").append(more == 1 ? "1 more row" : more + " more rows")
                        .append("</summary><table class=\"detail\">").append(head);
                appendRows(html, t.rows().subList(shown, t.rows().size()));
                html.append("</table></details>\n");
            }
        }
        html.append("<details><summary>Stack and thresholds</summary><ol class=\"stack\">");
        f.stack().forEach(s -> html.append("<li><code>").append(esc(s.toString())).append("</code></li>"));
        html.append("</ol><ul class=\"thresholds\">");
        for (JudgedThreshold t : f.thresholds()) {
            html.append("<li><code>").append(esc(t.threshold().id())).append("</code> ")
                    .append(esc(String.format(java.util.Locale.ROOT, "%s = %s %s (info %s, warning %s, critical %s) → score %d",
                            t.threshold().label(), Numbers.decimal(t.measure()), t.threshold().unit(), num(t.threshold().info()),
                            num(t.threshold().warning()), num(t.threshold().critical()), t.score())))
                    .append("</li>");
        }
        html.append("</ul></details></article>\n");
    }

    private static void appendRows(StringBuilder html, List<List<Object>> rows) {
        html.append("<tbody>");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(v -> html.append(v instanceof Number ? "<td class=\"num\">" : "<td>")
                    .append(esc(Numbers.cell(v))).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody>");
    }

    private static String num(double d) {
        return Numbers.decimal(d);
    }

    private static void appendRecording(StringBuilder html, RecordingInfo info) {
        html.append("<section id=\"recording\"><h2>Recording</h2><table class=\"evidence\"><tbody>");
        row(html, "source", info.source());
        row(html, "producer", info.producer());
        row(html, "start", Instant.ofEpochSecond(0, info.startNanos()).toString());
        row(html, "duration", Units.nanos(info.durationNanos()));
        row(html, "JVM", (info.jvm().version() + " " + info.jvm().vendor() + " " + info.jvm().vmName()).trim());
        row(html, "JVM arguments", info.jvm().jvmArguments());
        row(html, "complete", info.complete() ? "yes" : "no — " + String.join("; ", info.warnings()));
        row(html, "read", Units.bytes(info.bytesRead()) + " of " + Units.bytes(info.bytesTotal()) + " in "
                + Numbers.count(info.chunks(), "chunk", "chunks")
                + (info.compressed() ? ", inflated from a " + info.compression() + "-compressed file" : ""));
        html.append("</tbody></table><details><summary>Event counts</summary><table class=\"detail\"><tbody>");
        info.eventCounts().forEach((k, v) -> html.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">")
                .append(v).append("</td></tr>"));
        html.append("</tbody></table></details></section>\n");
    }

    private static void row(StringBuilder html, String key, String value) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    /** What the report's scripts draw (flame graph trees, the timeline series and the site to highlight), as a tree. */
    public static com.fasterxml.jackson.databind.node.ObjectNode data(Triage triage) {
        java.io.StringWriter json = new java.io.StringWriter();
        try {
            writeData(triage, json);
            return (com.fasterxml.jackson.databind.node.ObjectNode) Trees.MAPPER.readTree(json.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the report's scripts draw, as JSON written as it is made (the web's view.json): script-safe, so a page can
     * copy it as it is ({@link #write(Triage, Writer, Reader)}). The escapes change no value a JSON reader gets back.
     * The web wrote it plain and copied it onto the page escaping it char by char: ~150 ms of a 500 MB recording's
     * analysis, against ~20 ms for the copy as it is (docs/architecture.md).
     */
    public static void writeData(Triage triage, Writer out) throws IOException {
        JsonGenerator json = scriptSafeGenerator(out);
        writeData(triage, json);
        json.close();
    }

    static void writeData(Triage triage, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("highlight", triage.findings().isEmpty() ? "" : triage.findings().get(0).site().qualifiedMethod());
        json.writeArrayFieldStart("graphs");
        FlameGraphs.write(triage.profile(), json);
        json.writeEndArray();
        json.writeFieldName("timeline");
        timeline(triage, json);
        json.writeFieldName("lanes");
        LaneData.write(triage, json);
        json.writeEndObject();
    }

    /** A generator onto {@code out} that leaves it open: the page goes on after the data. */
    static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return json;
    }

    /** A generator onto a page: its strings cannot end the script element (see {@link #SCRIPT_ESCAPES}). */
    static JsonGenerator scriptSafeGenerator(Writer page) throws IOException {
        JsonGenerator json = generator(page);
        json.setCharacterEscapes(SCRIPT_ESCAPES);
        return json;
    }

    /** Per-second series: threads blocked, threads waiting, GC pause ms, CPU samples; pileup peaks marked. */
    static void timeline(Triage triage, JsonGenerator json) throws IOException {
        Timeline t = triage.profile().timeline();
        json.writeStartObject();
        json.writeNumberField("startEpochMs", t.startNanos() / 1_000_000L);
        json.writeNumberField("seconds", t.seconds());
        json.writeArrayFieldStart("series");
        writeSeries(json, "threads blocked on locks", "threads", t.series(Timeline.Series.LOCK_NANOS), 1e9);
        writeSeries(json, "threads waiting (not idle)", "threads", t.series(Timeline.Series.WAIT_NANOS), 1e9);
        writeSeries(json, "GC pause", "ms", t.series(Timeline.Series.GC_PAUSE_NANOS), 1e6);
        writeSeries(json, "CPU samples", "samples", t.series(Timeline.Series.CPU_SAMPLES), 1);
        writeSeries(json, "allocated", "MB", t.series(Timeline.Series.ALLOCATED_BYTES), 1048576.0);
        json.writeEndArray();
        json.writeArrayFieldStart("marks");
        for (Finding f : triage.findings()) {
            Object peakAt = f.evidence("peakAt");
            if (ThreadPileupRule.KIND.equals(f.kind()) && peakAt instanceof String iso) {
                long ms = Instant.parse(iso).toEpochMilli();
                json.writeStartObject();
                json.writeNumberField("second", (ms - t.startNanos() / 1_000_000L) / 1000.0);
                json.writeStringField("label", "pileup: " + f.site().shortName() + " (" + f.evidence("peakThreads") + " threads)");
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeSeries(JsonGenerator json, String name, String unit, long[] values, double divisor)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("unit", unit);
        json.writeArrayFieldStart("values");
        for (long value : values) {
            json.writeNumber(Math.round(value / divisor * 100) / 100.0);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** JSON that cannot end the script element or open a comment, whatever strings the recording holds. */
    public static String scriptSafeJson(com.fasterxml.jackson.databind.node.ObjectNode node) {
        try {
            return Trees.SCRIPT_SAFE.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON whose strings escape {@code < > &} and the two line separators JavaScript treats as line ends, as
     * {@code \\uXXXX}, while it is written: one pass over a page's data (megabytes of flame graphs), not one per
     * character replaced. Equal JSON to what plain Jackson writes, safe inside a {@code <script>} element.
     */
    private static final com.fasterxml.jackson.core.io.CharacterEscapes SCRIPT_ESCAPES =
            new com.fasterxml.jackson.core.io.CharacterEscapes() {
                private final int[] escapes = scriptEscapes();

                @Override
                public int[] getEscapeCodesForAscii() {
                    return escapes;
                }

                @Override
                public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                    // < > & and the two separators; any other character is written as it is
                    return ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029
                            ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
                }

                private static int[] scriptEscapes() {
                    int[] e = com.fasterxml.jackson.core.io.CharacterEscapes.standardAsciiEscapesForJSON();
                    e['<'] = com.fasterxml.jackson.core.io.CharacterEscapes.ESCAPE_CUSTOM;
                    e['>'] = com.fasterxml.jackson.core.io.CharacterEscapes.ESCAPE_CUSTOM;
                    e['&'] = com.fasterxml.jackson.core.io.CharacterEscapes.ESCAPE_CUSTOM;
                    return e;
                }
            };

    /** For callers holding a tree ({@link #data}, tests): made on first use. */
    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final com.fasterxml.jackson.databind.ObjectWriter SCRIPT_SAFE = MAPPER.writer().with(SCRIPT_ESCAPES);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** A script asset made safe to inline: nothing in it can close the script element early. */
    static String script(String name) {
        return asset(name).replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }

    public static String asset(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                throw new IllegalStateException("missing report asset " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read report asset " + name, e);
        }
    }
}
