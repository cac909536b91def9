package org.jfrtriage.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms}: durations as people type them. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 30s, 2m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        switch (unit) {
            case "ms": d = Duration.ofMillis(n); break;
            case "m":
            case "min": d = Duration.ofMinutes(n); break;
            case "h": d = Duration.ofHours(n); break;
            default: d = Duration.ofSeconds(n);
        }
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException("the duration must be longer than zero");
        }
        return d;
    }
}
