package org.jfrtriage.report;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Check;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.EvidenceTable;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.LockHolder;
import org.jfrtriage.rules.model.SiteRef;

/** The JSON report of CONTRACT.md: {@code analyze --format json}, {@code /recordings/{id}/report.json}. */
public final class JsonReport {

    /**
     * Writes the report's tree. Not an object mapper: a tree of nodes needs none of its machinery, and creating the
     * first one costs a cold command ~20–30 ms (its date format sets up a calendar and the locale providers).
     */
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonReport() {
    }

    public static String render(Triage triage) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // the printer an object mapper uses for INDENT_OUTPUT, so the text is the same byte for byte
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, tree(triage));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize report", e);
        }
        return out.append('\n').toString();
    }

    /** {@code node} as an object mapper writes a tree: fields in insertion order, empty containers and nulls kept. */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case NULL -> g.writeNull();
            // text, numbers and booleans write themselves without a serializer provider
            default -> ((JsonSerializable) node).serialize(g, null);
        }
    }

    public static ObjectNode tree(Triage triage) {
        ObjectNode root = NODES.objectNode();
        root.put("schemaVersion", ToolInfo.SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", ToolInfo.NAME);
        tool.put("version", ToolInfo.VERSION);
        root.set("recording", recording(triage.profile().info()));
        root.put("verdict", triage.verdict());
        root.put("worstSeverity", triage.worstSeverity().label());
        ArrayNode findings = root.putArray("findings");
        int rank = 1;
        List<Integer> incidents = triage.incidents();
        for (Finding f : triage.findings()) {
            ObjectNode n = finding(f, rank);
            n.put("incident", incidents.get(rank - 1));
            findings.add(n);
            rank++;
        }
        ArrayNode checks = root.putArray("checks");
        for (Check c : triage.checks()) {
            ObjectNode check = checks.addObject();
            check.put("rule", c.rule());
            check.put("step", c.step().number());
            check.put("status", c.status().label());
            check.put("message", c.message());
        }
        return root;
    }

    static ObjectNode recording(RecordingInfo info) {
        ObjectNode r = NODES.objectNode();
        r.put("source", info.source());
        r.put("producer", info.producer());
        r.put("startTime", Instant.ofEpochSecond(0, info.startNanos()).toString());
        r.put("durationMs", info.durationNanos() / 1_000_000L);
        ObjectNode jvm = r.putObject("jvm");
        jvm.put("version", info.jvm().version());
        jvm.put("vendor", info.jvm().vendor());
        jvm.put("arguments", info.jvm().jvmArguments());
        jvm.put("name", info.jvm().vmName());
        r.put("complete", info.complete());
        ArrayNode warnings = r.putArray("warnings");
        info.warnings().forEach(warnings::add);
        ArrayNode notices = r.putArray("notices");
        RecordingNotices.of(info).forEach(notices::add);
        r.put("bytesRead", info.bytesRead());
        r.put("bytesTotal", info.bytesTotal());
        r.put("chunks", info.chunks());
        r.put("compression", info.compression());
        ObjectNode counts = r.putObject("eventCounts");
        info.eventCounts().forEach(counts::put);
        return r;
    }

    /** One finding as in the report, without a rank (watch mode prints findings one at a time). */
    public static ObjectNode findingJson(Finding f) {
        ObjectNode node = finding(f, 0);
        node.remove("rank");
        return node;
    }

    /** The kinds whose findings always carry {@code blockedBy} (CONTRACT.md). */
    private static final java.util.Set<String> BLOCKED_BY_KINDS = java.util.Set.of("lock-hotspot", "thread-pileup", "deadlock");

    static ObjectNode finding(Finding f, int rank) {
        ObjectNode n = NODES.objectNode();
        n.put("rank", rank);
        n.put("id", f.id());
        n.put("kind", f.kind());
        n.put("step", f.step().number());
        n.put("severity", f.severity().label());
        n.put("score", f.score());
        n.put("title", f.title());
        n.put("subject", f.subject());
        n.set("site", site(f.site()));
        ArrayNode stack = n.putArray("stack");
        f.stack().forEach(s -> stack.add(site(s)));
        ObjectNode evidence = n.putObject("evidence");
        ArrayNode details = n.putArray("evidenceDetails");
        for (Evidence e : f.evidence()) {
            putValue(evidence, e.key(), e.value());
            ObjectNode d = details.addObject();
            d.put("key", e.key());
            d.put("label", e.label());
            putValue(d, "value", e.value());
            d.put("unit", e.unit());
        }
        if (!f.blockedBy().isEmpty() || BLOCKED_BY_KINDS.contains(f.kind())) {
            // CONTRACT.md: lock findings always carry blockedBy, empty when the recording cannot tell (evidence says why)
            ArrayNode holders = n.putArray("blockedBy");
            for (LockHolder h : f.blockedBy()) {
                ObjectNode hn = holders.addObject();
                hn.put("thread", h.thread());
                hn.put("blockedMs", h.blockedMs());
                hn.put("share", h.share());
                hn.put("state", h.state());
                ArrayNode frames = hn.putArray("frames");
                h.frames().forEach(fr -> frames.add(site(fr)));
                hn.put("source", h.source());
                hn.put("samples", h.samples());
                hn.put("stackSamples", h.stackSamples());
            }
        }
        n.put("recommendation", f.recommendation());
        ArrayNode thresholds = n.putArray("thresholds");
        for (JudgedThreshold t : f.thresholds()) {
            ObjectNode tn = thresholds.addObject();
            tn.put("id", t.threshold().id());
            tn.put("label", t.threshold().label());
            tn.put("unit", t.threshold().unit());
            tn.put("info", t.threshold().info());
            tn.put("warning", t.threshold().warning());
            tn.put("critical", t.threshold().critical());
            tn.put("measure", Math.round(t.measure() * 100) / 100.0);
            tn.put("score", t.score());
        }
        ArrayNode tables = n.putArray("tables");
        for (EvidenceTable t : f.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("title", t.title());
            ArrayNode cols = tn.putArray("columns");
            t.columns().forEach(cols::add);
            ArrayNode rows = tn.putArray("rows");
            for (List<Object> row : t.rows()) {
                ArrayNode rn = rows.addArray();
                row.forEach(v -> {
                    if (v instanceof Number num) {
                        rn.add(num.doubleValue() == Math.rint(num.doubleValue()) ? NODES.numberNode(num.longValue())
                                : NODES.numberNode(num.doubleValue()));
                    } else {
                        rn.add(String.valueOf(v));
                    }
                });
            }
        }
        return n;
    }

    static ObjectNode site(SiteRef s) {
        ObjectNode n = NODES.objectNode();
        n.put("class", s.className());
        n.put("method", s.method());
        n.put("line", s.line());
        return n;
    }

    private static void putValue(ObjectNode node, String key, Object value) {
        if (value instanceof Long || value instanceof Integer) {
            node.put(key, ((Number) value).longValue());
        } else if (value instanceof Number num) {
            node.put(key, num.doubleValue());
        } else {
            node.put(key, String.valueOf(value));
        }
    }

    /** For tests and tools: parse a report back into a generic tree. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String json) throws JsonProcessingException {
        return Parser.MAPPER.readValue(json, Map.class);
    }

    /** The object mapper, made only when something parses a report. */
    private static final class Parser {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
