package org.jfrtriage.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.jfrtriage.rules.model.Step;
import org.jfrtriage.rules.model.Units;

/**
 * Turns stored JSON (the CLI's report and diff) and recording metadata into the plain maps the templates read:
 * numbers formatted with their units, sites as one line. Templates only place these strings; Thymeleaf escapes them.
 */
final class Views {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    static String when(long epochMs) {
        return WHEN.format(Instant.ofEpochMilli(epochMs));
    }

    static Map<String, Object> row(RecordingMeta m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("name", m.name());
        r.put("source", m.source());
        r.put("received", when(m.createdAt()));
        r.put("fileSize", Units.bytes(m.size()));
        r.put("status", m.status().label());
        RecordingMeta.Summary s = m.summary();
        boolean done = m.status() == RecordingMeta.Status.DONE && s != null;
        r.put("done", done);
        r.put("severity", done ? s.worstSeverity() : m.status() == RecordingMeta.Status.FAILED ? "failed" : "pending");
        r.put("verdict", done ? s.topFinding() : m.status() == RecordingMeta.Status.FAILED ? m.error() : m.status().label() + "…");
        r.put("jvm", done ? s.jvm() : "");
        r.put("duration", done ? Units.nanos(s.durationMs() * 1_000_000L) : "");
        r.put("findings", done ? s.findings() : 0);
        r.put("complete", !done || s.complete());
        return r;
    }

    /** The report page's model, from {@code report.json}. */
    static Map<String, Object> report(JsonNode report) {
        Map<String, Object> v = new LinkedHashMap<>();
        JsonNode rec = report.path("recording");
        v.put("verdict", report.path("verdict").asText());
        v.put("worst", report.path("worstSeverity").asText("ok"));
        v.put("source", rec.path("source").asText());
        v.put("producer", rec.path("producer").asText());
        v.put("start", rec.path("startTime").asText());
        v.put("duration", Units.nanos(rec.path("durationMs").asLong() * 1_000_000L));
        JsonNode jvm = rec.path("jvm");
        v.put("jvm", (jvm.path("version").asText() + " " + jvm.path("vendor").asText()).trim());
        v.put("jvmArguments", jvm.path("arguments").asText());
        v.put("complete", rec.path("complete").asBoolean(true));
        List<String> warnings = new ArrayList<>();
        rec.path("warnings").forEach(w -> warnings.add(w.asText()));
        v.put("warnings", warnings);
        List<String> notices = new ArrayList<>();
        rec.path("notices").forEach(n -> notices.add(n.asText()));
        v.put("notices", notices);
        v.put("read", Units.bytes(rec.path("bytesRead").asDouble()) + " of " + Units.bytes(rec.path("bytesTotal").asDouble())
                + " in " + org.jfrtriage.report.Numbers.count(rec.path("chunks").asInt(), "chunk", "chunks")
                + (rec.path("compression").asText("none").equals("none") ? ""
                        : ", inflated from a " + rec.path("compression").asText() + "-compressed file"));
        List<Map<String, Object>> counts = new ArrayList<>();
        rec.path("eventCounts").fields().forEachRemaining(e -> counts.add(Map.of("name", e.getKey(),
                "count", String.format(Locale.ROOT, "%,d", e.getValue().asLong()))));
        v.put("eventCounts", counts);

        List<Map<String, Object>> findings = new ArrayList<>();
        report.path("findings").forEach(f -> findings.add(finding(f)));
        v.put("findings", findings);
        v.put("top", findings.isEmpty() ? null : findings.get(0));
        v.put("incidents", incidents(findings));
        v.put("lanesHint", org.jfrtriage.report.HtmlReport.LANES_HINT);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step step : Step.values()) {
            if (step == Step.DID_THE_FIX_WORK) {
                continue;
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("number", step.number());
            s.put("question", step.question());
            s.put("findings", findings.stream().filter(f -> (int) f.get("step") == step.number()).toList());
            List<Map<String, Object>> checks = new ArrayList<>();
            report.path("checks").forEach(c -> {
                if (c.path("step").asInt() == step.number() && !"findings".equals(c.path("status").asText())) {
                    checks.add(Map.of("rule", c.path("rule").asText(), "status", c.path("status").asText(),
                            "message", c.path("message").asText()));
                }
            });
            s.put("checks", checks);
            steps.add(s);
        }
        v.put("steps", steps);
        return v;
    }

    /**
     * The findings as one block per incident (the JSON's {@code incident}), incident 1 first, each block's findings in
     * rank order, with the heading and the "who held the lock" sentence of the text and HTML reports.
     */
    static List<Map<String, Object>> incidents(List<Map<String, Object>> findings) {
        Map<Integer, List<Map<String, Object>>> byIncident = new java.util.TreeMap<>();
        for (Map<String, Object> f : findings) {
            byIncident.computeIfAbsent((Integer) f.get("incident"), k -> new ArrayList<>()).add(f);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byIncident.forEach((number, facets) -> {
            Map<String, Object> lead = facets.get(0);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("number", number);
            b.put("severity", lead.get("severity"));
            b.put("score", lead.get("score"));
            b.put("heading", org.jfrtriage.report.IncidentBlocks.headingOf((String) lead.get("shortSite"),
                    facets.stream().map(f -> (String) f.get("kind")).toList()));
            String heldBy = facets.stream().map(f -> (String) f.get("heldBy")).filter(h -> !h.isEmpty()).findFirst().orElse("");
            b.put("heldBy", heldBy);
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Map<String, Object> f : facets) {
                Map<String, Object> copy = new LinkedHashMap<>(f);
                if (heldBy.equals(f.get("heldBy"))) {
                    copy.put("heldBy", ""); // said once for the block
                }
                shown.add(copy);
            }
            b.put("findings", shown);
            out.add(b);
        });
        return out;
    }

    static Map<String, Object> finding(JsonNode f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", f.path("rank").asInt());
        // a report written before incidents existed: every finding its own
        m.put("incident", f.path("incident").asInt(f.path("rank").asInt()));
        m.put("facet", org.jfrtriage.report.IncidentBlocks.facet(f.path("kind").asText()));
        String cls = f.path("site").path("class").asText();
        m.put("shortSite", cls.isEmpty() ? "" : cls.substring(cls.lastIndexOf('.') + 1) + "." + f.path("site").path("method").asText());
        m.put("kind", f.path("kind").asText());
        m.put("step", f.path("step").asInt());
        m.put("severity", f.path("severity").asText());
        m.put("score", f.path("score").asInt());
        m.put("title", f.path("title").asText());
        m.put("subject", f.path("subject").asText());
        m.put("site", site(f.path("site")));
        m.put("siteMethod", f.path("site").path("class").asText() + "." + f.path("site").path("method").asText());
        m.put("recommendation", f.path("recommendation").asText());
        // the one-line "who held the lock" sentence, shown above the fix as in the text and HTML reports
        m.put("heldBy", f.path("evidence").path("heldBy").asText(""));
        List<Map<String, Object>> evidence = new ArrayList<>();
        f.path("evidenceDetails").forEach(e -> {
            if (!e.path("key").asText().equals("heldBy")) { // said in its own line above
                evidence.add(Map.of("label", e.path("label").asText(), "num", e.path("value").isNumber(),
                        "value", org.jfrtriage.report.Numbers.withUnit(value(e.path("value")), e.path("unit").asText())));
            }
        });
        m.put("evidence", evidence);
        List<Map<String, Object>> tables = new ArrayList<>();
        f.path("tables").forEach(t -> {
            if (t.path("rows").isEmpty()) {
                return;
            }
            List<Map<String, Object>> columns = new ArrayList<>();
            JsonNode first = t.path("rows").get(0);
            int i = 0;
            for (JsonNode c : t.path("columns")) {
                columns.add(Map.of("name", c.asText(), "num", first.path(i++).isNumber()));
            }
            List<List<Map<String, Object>>> rows = new ArrayList<>();
            t.path("rows").forEach(r -> {
                List<Map<String, Object>> cells = new ArrayList<>();
                r.forEach(c -> cells.add(Map.of("text", c.isNumber() ? number(c) : c.asText(), "num", c.isNumber())));
                rows.add(cells);
            });
            // long tables show their first rows; the rest fold under a summary, so the flame graphs stay in sight
            int shown = Math.min(rows.size(), org.jfrtriage.report.HtmlReport.FOLD_ROWS);
            tables.add(Map.of("title", t.path("title").asText(), "columns", columns, "rows", rows.subList(0, shown),
                    "more", rows.subList(shown, rows.size())));
        });
        m.put("tables", tables);
        List<String> stack = new ArrayList<>();
        f.path("stack").forEach(s -> stack.add(site(s)));
        m.put("stack", stack);
        List<String> thresholds = new ArrayList<>();
        f.path("thresholds").forEach(t -> thresholds.add(String.format(Locale.ROOT,
                "%s = %s %s (warning at %s, critical at %s) → score %d", t.path("label").asText(),
                plain(t.path("measure").asDouble()), t.path("unit").asText(), plain(t.path("warning").asDouble()),
                plain(t.path("critical").asDouble()), t.path("score").asInt())));
        m.put("thresholds", thresholds);
        return m;
    }

    static String site(JsonNode s) {
        String cls = s.path("class").asText();
        String method = s.path("method").asText();
        int line = s.path("line").asInt(-1);
        return (cls.isEmpty() ? "" : cls + ".") + method + (line > 0 ? ":" + line : "");
    }

    private static Object value(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return n.asText();
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() ? org.jfrtriage.report.Numbers.number(n.asLong()) : plain(n.asDouble());
    }

    static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return org.jfrtriage.report.Numbers.number((long) d);
        }
        return org.jfrtriage.report.Numbers.decimal(d);
    }

    /** The diff page's model, from {@code diff.json}. */
    static Map<String, Object> diff(JsonNode diff) {
        return diff(diff, false);
    }

    /**
     * The diff page's model; recordings that cannot be compared get "not comparable: …" and no per-finding
     * verdicts unless {@code force} (the page's "compare anyway").
     */
    static Map<String, Object> diff(JsonNode diff, boolean force) {
        Map<String, Object> v = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        diff.path("notComparable").forEach(r -> reasons.add(r.asText()));
        boolean comparable = reasons.isEmpty();
        boolean refused = !comparable && !force;
        v.put("comparable", comparable);
        v.put("refused", refused);
        v.put("notComparable", comparable ? "" : "not comparable: " + String.join("; ", reasons));
        boolean fixWorked = comparable ? diff.path("fixWorked").asBoolean() : !refused && diff.path("fixWorkedIfForced").asBoolean();
        v.put("verdict", comparable ? diff.path("verdict").asText() : refused ? "not comparable: " + String.join("; ", reasons)
                : diff.path("verdictIfForced").asText());
        v.put("fixWorked", fixWorked);
        v.put("before", side(diff.path("before")));
        v.put("after", side(diff.path("after")));
        List<Map<String, Object>> changes = new ArrayList<>();
        boolean worse = false;
        for (JsonNode c : diff.path("findings")) {
            Map<String, Object> m = new LinkedHashMap<>();
            String verdict = c.path("verdict").asText();
            worse |= verdict.equals("new") || verdict.equals("regressed");
            m.put("verdict", verdict);
            m.put("title", c.path("title").asText());
            m.put("site", site(c.path("site")));
            m.put("measure", c.path("measure").asText());
            String unit = c.path("unit").asText();
            m.put("before", org.jfrtriage.report.Numbers.withUnit(c.path("beforeValue").asDouble(), unit));
            m.put("after", org.jfrtriage.report.Numbers.withUnit(c.path("afterValue").asDouble(), unit));
            m.put("change", c.has("relativeChange") ? String.format(Locale.ROOT, "%+.0f%%", c.path("relativeChange").asDouble() * 100) : "");
            m.put("reason", c.path("reason").asText());
            m.put("beforeSeverity", c.path("beforeSeverity").asText());
            m.put("afterSeverity", c.path("afterSeverity").asText());
            changes.add(m);
        }
        v.put("changes", refused ? List.of() : changes);
        v.put("tone", refused ? "warning" : fixWorked ? "ok" : worse ? "critical" : "warning");
        return v;
    }

    private static Map<String, Object> side(JsonNode rec) {
        return Map.of("source", rec.path("source").asText(), "start", rec.path("startTime").asText(),
                "duration", Units.nanos(rec.path("durationMs").asLong() * 1_000_000L));
    }
}
