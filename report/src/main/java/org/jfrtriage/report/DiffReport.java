package org.jfrtriage.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.jfrtriage.rules.compare.Comparability;
import org.jfrtriage.rules.compare.Comparison;
import org.jfrtriage.rules.compare.FindingChange;
import org.jfrtriage.rules.model.Evidence;
import org.jfrtriage.rules.model.Finding;
import org.jfrtriage.rules.model.Units;

/** Playbook step 4 in every format: {@code jfrtriage diff BEFORE AFTER}. */
public final class DiffReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DiffReport() {
    }

    /** The verdict of a comparison that was refused because the recordings cannot be compared. */
    public static final String NOT_COMPARABLE = "not-comparable";
    /** What a person can do about it, in the text and HTML views. */
    static final String NOT_COMPARABLE_HINT = "Record before and after the same way (same application, JVM, recorder "
            + "and settings, similar spans: jfrtriage record PID --duration 30s -o after.jfr), or compare anyway with --force.";

    /** Checks comparability first: two recordings that cannot be compared get "not comparable: …", not a verdict. */
    public static String render(Comparison comparison, Format format) {
        return render(comparison, Comparability.of(comparison.before(), comparison.after()), false, format);
    }

    /**
     * As {@link #render(Comparison, Format)} with the comparability given; {@code force} compares recordings that
     * are not comparable anyway, saying so.
     */
    public static String render(Comparison comparison, Comparability comparability, boolean force, Format format) {
        return render(comparison, comparability, force, format, null, null);
    }

    /**
     * As {@link #render(Comparison, Comparability, boolean, Format)} with the HTML page's graphs from each side's
     * {@link FlameGraphs#diffTrees} taken before its profile was let go (null: from the comparison's profiles).
     */
    public static String render(Comparison comparison, Comparability comparability, boolean force, Format format,
                                FlameGraphs.DiffTrees before, FlameGraphs.DiffTrees after) {
        switch (format) {
            case JSON:
                return json(comparison, comparability, force);
            case CSV:
                return csv(comparison);
            case HTML:
                return before == null || after == null
                        ? DiffHtml.render(comparison, comparability, force, FlameGraphs.diffTrees(comparison.before().profile()),
                                FlameGraphs.diffTrees(comparison.after().profile()))
                        : DiffHtml.render(comparison, comparability, force, before, after);
            case TEXT:
            default:
                return text(comparison, comparability, force);
        }
    }

    /** As {@link #render(Comparison, Comparability, boolean, Format, FlameGraphs.DiffTrees, FlameGraphs.DiffTrees)}, written onto {@code out}: the HTML page as it is made. */
    public static void write(Comparison comparison, Comparability comparability, boolean force, Format format,
                             FlameGraphs.DiffTrees before, FlameGraphs.DiffTrees after, java.io.Writer out) throws IOException {
        if (format == Format.HTML && before != null && after != null) {
            DiffHtml.write(comparison, comparability, force, before, after, out);
        } else {
            out.write(render(comparison, comparability, force, format, before, after));
        }
    }

    static String text(Comparison c) {
        return text(c, Comparability.of(c.before(), c.after()), false);
    }

    static String text(Comparison c, Comparability comparability, boolean force) {
        StringBuilder out = new StringBuilder();
        out.append(ToolInfo.NAME).append(' ').append(ToolInfo.VERSION).append(" — step 4: did the fix work?\n")
                .append("  before ").append(TextReport.header(c.before().profile().info())).append('\n')
                .append("  after  ").append(TextReport.header(c.after().profile().info())).append("\n");
        if (!comparability.comparable() && !force) {
            out.append("\nNot comparable: ").append(String.join("; ", comparability.reasons())).append(".\n");
            TextReport.appendWrapped(out, "", NOT_COMPARABLE_HINT);
            return out.toString();
        }
        if (!comparability.comparable()) {
            TextReport.appendWrapped(out, "  ! ", comparability.summary() + " (compared anyway: --force)");
        }
        out.append('\n');
        out.append(c.verdict().toUpperCase(Locale.ROOT).charAt(0)).append(c.verdict().substring(1)).append("\n\n");
        if (c.changes().isEmpty()) {
            out.append("  (no findings in either recording)\n");
        }
        for (FindingChange change : c.changes()) {
            Finding shown = change.shown();
            out.append(String.format(Locale.ROOT, "  %-10s %s%n", change.verdict().label().toUpperCase(Locale.ROOT),
                    shown.title()));
            out.append(String.format(Locale.ROOT, "             %s: %s → %s (%s)%n", change.measure(),
                    value(change.beforeValue(), change.unit()), value(change.afterValue(), change.unit()), change.reason()));
            out.append("             ").append(shown.kind()).append(" at ").append(shown.site()).append(" · severity ")
                    .append(change.before() == null ? "—" : change.before().severity().label()).append(" → ")
                    .append(change.after() == null ? "—" : change.after().severity().label()).append('\n');
        }
        return out.toString();
    }

    private static String value(double v, String unit) {
        return Numbers.withUnit(Math.round(v * 100) / 100.0, unit);
    }

    static String json(Comparison c, Comparability comparability, boolean force) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("schemaVersion", ToolInfo.SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", ToolInfo.NAME);
        tool.put("version", ToolInfo.VERSION);
        boolean refused = !comparability.comparable() && !force;
        // refused: "not-comparable", and the verdict it would have been only for those who force it
        root.put("verdict", refused ? NOT_COMPARABLE : c.verdict());
        root.put("fixWorked", !refused && c.fixWorked());
        root.put("comparable", comparability.comparable());
        ArrayNode reasons = root.putArray("notComparable");
        comparability.reasons().forEach(reasons::add);
        if (!comparability.comparable()) {
            root.put("forced", force);
            root.put("verdictIfForced", c.verdict());
            root.put("fixWorkedIfForced", c.fixWorked());
        }
        root.set("before", JsonReport.recording(c.before().profile().info()));
        root.set("after", JsonReport.recording(c.after().profile().info()));
        ArrayNode changes = root.putArray("findings");
        for (FindingChange change : c.changes()) {
            ObjectNode n = changes.addObject();
            n.put("id", change.id());
            n.put("kind", change.kind());
            n.put("verdict", change.verdict().label());
            n.put("title", change.shown().title());
            n.set("site", JsonReport.site(change.shown().site()));
            n.put("subject", change.shown().subject());
            n.put("measure", change.measure());
            n.put("unit", change.unit());
            n.put("beforeValue", round(change.beforeValue()));
            n.put("afterValue", round(change.afterValue()));
            if (Double.isFinite(change.relativeChange())) {
                n.put("relativeChange", round(change.relativeChange()));
            }
            n.put("noiseThreshold", round(Math.max(Comparison.MIN_RELATIVE_CHANGE, change.noiseRatio())));
            n.put("reason", change.reason());
            n.put("beforeSeverity", change.before() == null ? "none" : change.before().severity().label());
            n.put("afterSeverity", change.after() == null ? "none" : change.after().severity().label());
            n.set("before", evidence(change.before()));
            n.set("after", evidence(change.after()));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static ObjectNode evidence(Finding f) {
        if (f == null) {
            return null;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("severity", f.severity().label());
        n.put("score", f.score());
        ObjectNode evidence = n.putObject("evidence");
        for (Evidence e : f.evidence()) {
            if (e.value() instanceof Long || e.value() instanceof Integer) {
                evidence.put(e.key(), ((Number) e.value()).longValue());
            } else if (e.value() instanceof Number num) {
                evidence.put(e.key(), num.doubleValue());
            } else {
                evidence.put(e.key(), String.valueOf(e.value()));
            }
        }
        return n;
    }

    static String csv(Comparison c) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("verdict", "kind", "title",
                "site", "subject", "measure", "unit", "before", "after", "relative change", "before severity",
                "after severity", "id").get())) {
            for (FindingChange change : c.changes()) {
                printer.printRecord(change.verdict().label(), change.kind(), change.shown().title(),
                        change.shown().site().toString(), change.shown().subject(), change.measure(), change.unit(),
                        round(change.beforeValue()), round(change.afterValue()),
                        Double.isFinite(change.relativeChange()) ? round(change.relativeChange()) : "",
                        change.before() == null ? "none" : change.before().severity().label(),
                        change.after() == null ? "none" : change.after().severity().label(), change.id());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
