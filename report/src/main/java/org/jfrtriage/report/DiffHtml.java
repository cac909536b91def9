package org.jfrtriage.report;

import org.jfrtriage.rules.compare.Comparability;
import org.jfrtriage.rules.compare.Comparison;
import org.jfrtriage.rules.compare.FindingChange;
import org.jfrtriage.rules.compare.Verdict;

/** The self-contained HTML page of a comparison, with differential flame graphs (growth red, shrink blue). */
final class DiffHtml {
    private DiffHtml() {
    }

    static String render(Comparison c, Comparability comparability, boolean force, FlameGraphs.DiffTrees before,
                         FlameGraphs.DiffTrees after) {
        java.io.StringWriter page = new java.io.StringWriter(64 * 1024);
        try {
            write(c, comparability, force, before, after, page);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return page.toString();
    }

    /** The page written as it is made: the differential graphs go from the two sides' trees straight onto {@code out}. */
    static void write(Comparison c, Comparability comparability, boolean force, FlameGraphs.DiffTrees before,
                      FlameGraphs.DiffTrees after, java.io.Writer out) throws java.io.IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        boolean refused = !comparability.comparable() && !force;
        String worst = refused ? "warning" : c.fixWorked() ? "ok" : c.changes().stream().anyMatch(ch -> ch.after() != null
                && (ch.verdict() == Verdict.NEW || ch.verdict() == Verdict.REGRESSED)) ? "critical" : "warning";
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(HtmlReport.esc("jfr-triage diff — " + c.before().profile().info().source() + " → "
                        + c.after().profile().info().source())).append("</title>")
                .append("<style>").append(HtmlReport.asset("report.css")).append("</style></head><body>\n")
                .append("<header class=\"verdict sev-").append(worst).append("\"><div class=\"tool\">")
                .append(HtmlReport.esc(ToolInfo.NAME + " " + ToolInfo.VERSION + " — step 4: did the fix work?"))
                .append("</div><h1>").append(HtmlReport.esc(refused ? comparability.summary() : c.verdict()))
                .append("</h1>").append(comparability.comparable() ? "" : "<p class=\"not-comparable\">"
                        + HtmlReport.esc(refused ? DiffReport.NOT_COMPARABLE_HINT : comparability.summary()
                        + " (compared anyway: --force)") + "</p>")
                .append("<div class=\"meta\">before: ")
                .append(HtmlReport.esc(TextReport.header(c.before().profile().info()))).append("<br>after: ")
                .append(HtmlReport.esc(TextReport.header(c.after().profile().info()))).append("</div></header>\n<main>\n")
                .append("<section><h2>Findings, before → after</h2><table class=\"detail diff\"><thead><tr>")
                .append("<th>verdict</th><th>finding</th><th>site</th><th>measure</th><th class=\"num\">before</th>")
                .append("<th class=\"num\">after</th><th>why</th></tr></thead><tbody>");
        for (FindingChange change : c.changes()) {
            html.append("<tr class=\"verdict-").append(change.verdict().label()).append("\"><td><span class=\"badge verdict-")
                    .append(change.verdict().label()).append("\">").append(change.verdict().label()).append("</span></td><td>")
                    .append(HtmlReport.esc(change.shown().title())).append("</td><td><code>")
                    .append(HtmlReport.esc(change.shown().site().toString())).append("</code></td><td>")
                    .append(HtmlReport.esc(change.measure())).append("</td><td class=\"num\">")
                    .append(HtmlReport.esc(Numbers.withUnit(Math.round(change.beforeValue() * 100) / 100.0, change.unit())))
                    .append("</td><td class=\"num\">")
                    .append(HtmlReport.esc(Numbers.withUnit(Math.round(change.afterValue() * 100) / 100.0, change.unit())))
                    .append("</td><td>").append(HtmlReport.esc(change.reason())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n<section id=\"flamegraphs\"><h2>Differential flame graphs</h2>")
                .append("<p class=\"hint\">Width is before and after together; red grew, blue shrank, hatched is gone; hover for ")
                .append("before → after. Click to zoom, Esc to reset.</p><div id=\"graphs\"></div></section>\n</main>\n");
        html.append("<script type=\"application/json\" id=\"report-data\">");
        out.append(html);
        com.fasterxml.jackson.core.JsonGenerator json = HtmlReport.scriptSafeGenerator(out);
        json.writeStartObject();
        json.writeArrayFieldStart("graphs");
        FlameGraphs.writeDiff(before, after, json);
        json.writeEndArray();
        json.writeEndObject();
        json.close();
        html.setLength(0);
        html                .append("</script>\n<script>").append(HtmlReport.script("flamegraph.js")).append("</script>\n<script>")
                .append(String.join("\n",
                        "(function(){",
                        "  var data = JSON.parse(document.getElementById('report-data').textContent);",
                        "  var graphs = document.getElementById('graphs');",
                        "  data.graphs.forEach(function(g){",
                        "    var box = document.createElement('div'); box.className = 'graph'; box.id = 'graph-' + g.id;",
                        "    var h = document.createElement('h3'); h.textContent = g.title; box.appendChild(h);",
                        "    var holder = document.createElement('div'); box.appendChild(holder); graphs.appendChild(box);",
                        "    if (window.FlameGraph) { window.FlameGraph.render(holder, g.tree, {title: g.title, unit: g.unit, diff: true, diffWidth: 'sum'}); }",
                        "  });",
                        "})();"))
                .append("</script>\n</body></html>\n");
        out.append(html);
    }
}
