package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.profile.ProfileBuilder;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;

/** Everything in a recording is attacker-controlled text: class, method and thread names must never become markup. */
class HtmlReportTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "\"><img src=x onerror=alert(2)>";

    static Triage hostileTriage() {
        ProfileBuilder b = new ProfileBuilder("evil</title><script>alert(3)</script>.jfr");
        long t0 = 1_700_000_000_000_000_000L;
        b.onChunk(t0, t0 + 10_000_000_000L);
        int frame = b.stacks().frameId(new Frame("com.evil." + IMG, SCRIPT, 1, FrameType.JIT_COMPILED));
        int caller = b.stacks().frameId(new Frame("com.evil.Caller", "run</script><script>alert(4)</script>", 2, FrameType.JIT_COMPILED));
        int stack = b.stacks().stackId(new int[] {frame, caller}, false);
        for (int i = 0; i < 400; i++) {
            int thread = b.threads().threadId(100 + i % 8, "req " + SCRIPT + i % 8);
            b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, t0 + i * 20_000_000L, 100_000_000L, thread,
                    "com.evil.Lock" + IMG, ThreadTable.NONE, stack));
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, 1, List.of("warning " + SCRIPT),
                Map.of("jdk.JavaMonitorEnter", 400L)));
        return Playbook.standard().run(b.build());
    }

    @Test
    void recordingTextIsEscapedEverywhere() {
        Triage triage = hostileTriage();
        assertThat(triage.findings()).isNotEmpty();
        String html = HtmlReport.render(triage);
        // the only script elements are ours: the JSON data island and the four inline scripts
        assertThat(html.split("<script", -1)).hasSize(6);
        assertThat(html).doesNotContain(SCRIPT).doesNotContain("<img").doesNotContain("</title><script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;");
        String data = html.substring(html.indexOf("id=\"report-data\">"), html.indexOf("</script>", html.indexOf("id=\"report-data\">")));
        assertThat(data).doesNotContain("<").contains("\\u003cscript\\u003e");
    }

    @Test
    void inlinedAssetsCannotBreakOutOfTheirElements() {
        for (String name : new String[] {"flamegraph.js", "timeline.js", "lanes.js", "report.css"}) {
            assertThat(HtmlReport.asset(name)).as(name).doesNotContain("<script").doesNotContain("</")
                    .doesNotContain("<img").doesNotContain("<!--").doesNotContain("innerHTML");
        }
    }

    /** The web writes view.json once and copies it onto the page: the same bytes as the page writing its own data. */
    @Test
    void pageFromWrittenDataIsThePageThatWritesItsOwn() throws java.io.IOException {
        Triage triage = hostileTriage();
        java.io.StringWriter data = new java.io.StringWriter();
        HtmlReport.writeData(triage, data);
        java.io.StringWriter page = new java.io.StringWriter();
        HtmlReport.write(triage, page, new java.io.StringReader(data.toString()));
        assertThat(page.toString()).isEqualTo(HtmlReport.render(triage));
        // and the streamed data is what the tree of it writes
        assertThat(HtmlReport.scriptSafeJson(HtmlReport.data(triage))).isEqualTo(
                page.toString().substring(page.toString().indexOf("id=\"report-data\">") + 17,
                        page.toString().indexOf("</script>", page.toString().indexOf("id=\"report-data\">"))));
    }

    /**
     * view.json is copied onto a page as it is, so it is written script-safe: nothing in it can end the script
     * element, and a JSON reader gets back the same values as from plain JSON.
     */
    @Test
    void writtenDataIsScriptSafeAndReadsBackAsThePlainData() throws java.io.IOException {
        Triage triage = hostileTriage();
        java.io.StringWriter data = new java.io.StringWriter();
        HtmlReport.writeData(triage, data);
        assertThat(data.toString()).contains("\\u003cscript").doesNotContain("<").doesNotContain(">").doesNotContain("&")
                .doesNotContain("\u2028").doesNotContain("\u2029");
        java.io.StringWriter plain = new java.io.StringWriter();
        com.fasterxml.jackson.core.JsonGenerator json = HtmlReport.generator(plain);
        HtmlReport.writeData(triage, json);
        json.close();
        assertThat(plain.toString()).contains("<script>");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(data.toString())).isEqualTo(mapper.readTree(plain.toString()));
    }

    /** What the script-safe writer escapes, beyond the hostile recording's strings: every character that could end it. */
    @Test
    void scriptSafeWriterEscapesEveryCharacterThatCouldEndTheScript() throws java.io.IOException {
        String value = "a<b>&c\u2028d\u2029e\"\\f\u0001é—" + SCRIPT;
        java.io.StringWriter out = new java.io.StringWriter();
        com.fasterxml.jackson.core.JsonGenerator json = HtmlReport.scriptSafeGenerator(out);
        json.writeStartObject();
        json.writeStringField("n", value);
        json.writeEndObject();
        json.close();
        assertThat(out.toString()).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028")
                .doesNotContain("\u2029").contains("\\u0026").contains("\\u2028");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).get("n").asText()).isEqualTo(value);
    }

    /**
     * The diff page's graphs, streamed from each side's trees: each node as wide as before and after together, its
     * children widest first and inside it.
     */
    @Test
    void diffPageDataIsTheDiffGraphsJson() throws Exception {
        Triage before = hostileTriage();
        Triage after = Playbook.standard().run(new ProfileBuilder("empty.jfr").build());
        String html = DiffReport.render(org.jfrtriage.rules.compare.Comparison.of(before, after), Format.HTML);
        int from = html.indexOf("id=\"report-data\">") + "id=\"report-data\">".length();
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(html.substring(from, html.indexOf("</script>", from)));
        com.fasterxml.jackson.databind.JsonNode graphs = data.path("graphs");
        assertThat(graphs).isNotEmpty();
        for (com.fasterxml.jackson.databind.JsonNode g : graphs) {
            assertThat(g.path("id").asText()).isIn("lock", "cpu", "alloc");
            assertThat(g.path("title").asText()).contains("before → after");
            assertDiffNode(g.path("tree"));
        }
    }

    private static void assertDiffNode(com.fasterxml.jackson.databind.JsonNode node) {
        double v = node.path("v").asDouble();
        assertThat(v).isCloseTo(node.path("b").asDouble() + node.path("a").asDouble(), org.assertj.core.data.Offset.offset(0.002));
        double previous = Double.MAX_VALUE;
        double sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode child : node.path("c")) {
            double w = child.path("v").asDouble();
            assertThat(w).isLessThanOrEqualTo(previous);
            previous = w;
            sum += w;
            assertDiffNode(child);
        }
        assertThat(sum).isLessThanOrEqualTo(v + 0.01 * (1 + node.path("c").size()));
    }

    @Test
    void diffPageEscapesToo() {
        Triage triage = hostileTriage();
        String html = DiffReport.render(org.jfrtriage.rules.compare.Comparison.of(triage, triage), Format.HTML);
        assertThat(html).doesNotContain(SCRIPT).doesNotContain("<img");
        assertThat(html.split("<script", -1)).hasSize(4);
    }

    /** 32 threads at the peak must not push the flame graphs 2,500 px down: 8 rows show, the rest fold. */
    @Test
    void longEvidenceTablesShowTheirFirstRowsAndFoldTheRest() {
        ProfileBuilder b = new ProfileBuilder("wide.jfr");
        long t0 = 1_700_000_000_000_000_000L;
        b.onChunk(t0, t0 + 10_000_000_000L);
        int frame = b.stacks().frameId(new Frame("com.acme.Book", "quote", 1, FrameType.JIT_COMPILED));
        int stack = b.stacks().stackId(new int[] {frame}, false);
        for (int i = 0; i < 3200; i++) {
            int thread = b.threads().threadId(100 + i % 32, "req-" + i % 32);
            b.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER, t0 + i * 3_000_000L, 100_000_000L, thread,
                    "com.acme.Lock", ThreadTable.NONE, stack));
        }
        b.onFinish(new EventSink.ReadSummary("jdk", true, 1, 1, 1, List.of(), Map.of("jdk.JavaMonitorEnter", 3200L)));
        Triage triage = Playbook.standard().run(b.build());
        var table = triage.findings().stream().flatMap(f -> f.tables().stream()).filter(t -> t.rows().size() > HtmlReport.FOLD_ROWS)
                .findFirst().orElseThrow(() -> new AssertionError("no long table in " + triage.findings()));
        String html = HtmlReport.render(triage);
        int caption = html.indexOf("<caption>" + table.title() + "</caption>");
        assertThat(caption).as("the table's caption").isPositive();
        String shown = html.substring(caption, html.indexOf("</table>", caption));
        assertThat(shown.split("<tr>", -1)).as("header row + 8 rows").hasSize(1 + 1 + HtmlReport.FOLD_ROWS);
        String rest = html.substring(html.indexOf("</table>", caption));
        int more = table.rows().size() - HtmlReport.FOLD_ROWS;
        assertThat(rest).startsWith("</table>\n<details class=\"more-rows\"><summary>" + more + " more rows</summary>");
        String folded = rest.substring(0, rest.indexOf("</details>"));
        assertThat(folded.split("<tr>", -1)).as("header row + the rest").hasSize(1 + 1 + more);
    }
}
