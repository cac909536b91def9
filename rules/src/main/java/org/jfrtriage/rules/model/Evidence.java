package org.jfrtriage.rules.model;

/**
 * One number (or fact) behind a finding. Rendered by one renderer for text, HTML, JSON and CSV.
 *
 * @param key stable JSON key ({@code blockedMs})
 * @param label words for people ({@code blocked time})
 * @param value a {@link Number} or a {@link String}
 * @param unit {@code ms}, {@code threads}, {@code %}, {@code bytes}, {@code MB/s}, … or empty
 */
public record Evidence(String key, String label, Object value, String unit) {

    public static Evidence of(String key, String label, long value, String unit) {
        return new Evidence(key, label, value, unit);
    }

    public static Evidence of(String key, String label, double value, String unit) {
        return new Evidence(key, label, Math.round(value * 100.0) / 100.0, unit);
    }

    public static Evidence text(String key, String label, String value) {
        return new Evidence(key, label, value, "");
    }
}
