package org.jfrtriage.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one Prometheus renderer of jfr-triage: metric families (name, type, help, labelled samples) built by
 * {@code serve}, {@code watch} and the in-process agent, written as Prometheus text format 0.0.4 by
 * {@link #text()} — or handed to the Prometheus Java client by the agent, which reads the same families. One
 * place decides how a measure is named, so the same measure has the same name wherever it is served
 * (docs/metrics.md lists them all).
 *
 * <p>Values: a whole-number sample (a count) is written as an integer; a fractional gauge with six significant
 * digits; a fractional counter (seconds spent) in full, so that a growing total never loses its last digits.
 */
public final class MetricFamilies {
    /** Gauge: a value that goes up and down. Counter: a total since the process began (name ends in _total). */
    public enum Type {
        GAUGE("gauge"), COUNTER("counter");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One labelled value; labels keep the order they were given in. */
    public record Sample(Map<String, String> labels, Number value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** One metric: name, type, help and its samples (a family without samples still states its name and type). */
    public static final class Family {
        private final String name;
        private final Type type;
        private final String help;
        private final List<Sample> samples = new ArrayList<>();

        Family(String name, Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        /** Adds a sample with labels given as name, value, name, value …; returns this family. */
        public Family sample(Number value, String... labelPairs) {
            if (labelPairs.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name/value pairs");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) {
                labels.put(labelPairs[i], labelPairs[i + 1]);
            }
            samples.add(new Sample(labels, value));
            return this;
        }

        /** Adds a sample with the labels of {@code common} first, then the pairs given. */
        public Family sample(Number value, Map<String, String> common, String... labelPairs) {
            Map<String, String> labels = new LinkedHashMap<>(common);
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                labels.put(labelPairs[i], labelPairs[i + 1]);
            }
            samples.add(new Sample(labels, value));
            return this;
        }

        public String name() {
            return name;
        }

        public Type type() {
            return type;
        }

        public String help() {
            return help;
        }

        public List<Sample> samples() {
            return Collections.unmodifiableList(samples);
        }
    }

    private final List<Family> families = new ArrayList<>();

    public Family gauge(String name, String help) {
        return add(name, Type.GAUGE, help);
    }

    /** A counter's name ends in {@code _total}, as Prometheus expects. */
    public Family counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        return add(name, Type.COUNTER, help);
    }

    private Family add(String name, Type type, String help) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        for (Family f : families) {
            if (f.name.equals(name)) {
                throw new IllegalArgumentException("metric " + name + " is declared twice");
            }
        }
        Family family = new Family(name, type, help);
        families.add(family);
        return family;
    }

    /** Appends the families of {@code other} after these. */
    public MetricFamilies addAll(MetricFamilies other) {
        for (Family f : other.families) {
            Family copy = add(f.name, f.type, f.help);
            copy.samples.addAll(f.samples);
        }
        return this;
    }

    public List<Family> families() {
        return Collections.unmodifiableList(families);
    }

    /** Prometheus text exposition format 0.0.4. */
    public String text() {
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families) {
            out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type.label).append('\n');
            for (Sample s : f.samples) {
                out.append(f.name);
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> label : s.labels().entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(f.type, s.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** The content type of {@link #text()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static String number(Type type, Number value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(value.longValue());
        }
        double v = value.doubleValue();
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return type == Type.COUNTER ? Double.toString(v) : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Label values escape backslash, double quote and newline (Prometheus text format). */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
