package org.jfrtriage.report;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jfrtriage.rules.model.Units;

/**
 * The one way a number reads in every view — text, HTML, CSV, web pages, the CLI's own lines: thousands
 * separators, three significant digits at most after the point ({@code 13,151 ms/s}, {@code 13.2 threads},
 * {@code 7.9}, {@code 0.12}), durations and sizes in the units the rules' titles use ({@code 1.4 min},
 * {@code 101 MB}), and a unit that agrees with its number ({@code 1 thread}, {@code 2 threads}).
 * Machine formats (JSON, Prometheus) keep raw values.
 */
public final class Numbers {
    /** A plural noun that can lose its {@code s}: letters only, not {@code ms}, {@code bytes/s}, {@code class}. */
    private static final Pattern PLURAL_WORD = Pattern.compile("[A-Za-z]{2,}[a-rt-zA-Z]s");

    private Numbers() {
    }

    /** A value with its evidence unit: {@code ms} and {@code bytes} scaled, {@code %} as a percentage, other units after the number. */
    public static String withUnit(Object value, String unit) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        String u = unit == null ? "" : unit;
        switch (u) {
            case "ms":
                return Units.millis(n.doubleValue());
            case "bytes":
                return Units.bytes(n.doubleValue());
            case "%":
                return percentValue(n.doubleValue());
            case "":
                return number(n);
            default:
                String shown = number(n);
                return shown + " " + agree(shown, u);
        }
    }

    /** A plain number: integers grouped ({@code 1,273}), fractions to three significant digits, grouped ({@code 22,976}). */
    public static String number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return String.format(Locale.ROOT, "%,d", n.longValue());
        }
        return decimal(n.doubleValue());
    }

    /** {@code 13,151}, {@code 962}, {@code 13.2}, {@code 7.9}, {@code 1.05}, {@code 0.12}, {@code 0}. */
    public static String decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        double abs = Math.abs(d);
        String s;
        if (abs >= 100) {
            s = String.format(Locale.ROOT, "%,.0f", d);
        } else if (abs >= 10) {
            s = String.format(Locale.ROOT, "%.1f", d);
        } else {
            s = String.format(Locale.ROOT, "%.2f", d);
        }
        if (s.indexOf('.') >= 0) {
            s = new BigDecimal(s.replace(",", "")).stripTrailingZeros().toPlainString();
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A percentage given in percent: {@code 12%}, {@code 3.5%}, {@code 0.12%}, {@code 0%}. */
    public static String percentValue(double percent) {
        return decimal(Math.abs(percent) >= 10 ? Math.rint(percent) : percent) + "%";
    }

    /** {@code 1 thread}, {@code 0 threads}, {@code 1,204 events}: a count and its noun. */
    public static String count(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? singular : plural);
    }

    /** A table cell: numbers as {@link #number}, anything else as it is. */
    public static String cell(Object value) {
        return value instanceof Number n ? number(n) : String.valueOf(value);
    }

    /** The unit's first word made singular when the number shown is exactly one ({@code 1 thread blocked on average}). */
    static String agree(String shownNumber, String unit) {
        if (!shownNumber.equals("1") && !shownNumber.equals("-1")) {
            return unit;
        }
        int space = unit.indexOf(' ');
        String first = space < 0 ? unit : unit.substring(0, space);
        if (!PLURAL_WORD.matcher(first).matches()) {
            return unit;
        }
        return first.substring(0, first.length() - 1) + (space < 0 ? "" : unit.substring(space));
    }
}
