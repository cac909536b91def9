package org.jfrtriage.rules.model;

import java.util.Locale;

/** How numbers with units read in titles and reports: {@code 41 s}, {@code 340 ms}, {@code 1.2 GB}, {@code 12%}. */
public final class Units {
    private Units() {
    }

    public static String millis(double ms) {
        if (ms >= 60_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000);
        }
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.0f s", ms / 1000);
        }
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    public static String nanos(long nanos) {
        return millis(nanos / 1e6);
    }

    public static String bytes(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String percent(double fraction) {
        double p = fraction * 100;
        return String.format(Locale.ROOT, p >= 10 || p == 0 ? "%.0f%%" : "%.1f%%", p);
    }

    /** A whole number with thousands separators: {@code 2,400}, {@code 40}. */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A count and its noun, agreeing: {@code 1 thread}, {@code 0 threads}, {@code 2,400 events}. */
    public static String count(long n, String singular, String plural) {
        return grouped(n) + " " + (n == 1 ? singular : plural);
    }

    /** Formats a value with its unit the way evidence is shown. */
    public static String format(Object value, String unit) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        switch (unit) {
            case "ms":
                return millis(n.doubleValue());
            case "bytes":
                return bytes(n.doubleValue());
            case "%":
                return String.format(Locale.ROOT, "%.1f%%", n.doubleValue());
            case "":
                return number(n);
            default:
                return number(n) + " " + unit;
        }
    }

    private static String number(Number n) {
        if (n instanceof Long || n instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", n.longValue());
        }
        double d = n.doubleValue();
        if (Math.abs(d) < 0.005) {
            // what two decimals cannot show is 0, whatever its sign: a slope of -1e-13 from one reader's rounding of
            // timestamps and exactly 0 from another's are the same figure ("-0.00" read as a decline)
            d = 0;
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) d)
                : String.format(Locale.ROOT, "%.2f", d);
    }
}
