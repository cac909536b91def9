package org.jfrtriage.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's options, {@code name=value} separated by commas:
 *
 * <ul>
 *   <li>{@code port} (9404) and {@code bind} (127.0.0.1): where {@code /metrics} is served; {@code port=0} picks a free one;
 *   <li>{@code window} (60s) and {@code interval} (10s): the sliding window the playbook runs on, and how often;
 *   <li>{@code dir}: where the findings log and the recording dumps go (created when missing); by default a new
 *       folder of the agent's own, {@code jfrtriage-agent-PID-RANDOM} in {@code java.io.tmpdir}, readable only by
 *       the JVM's user ({@code null} here);
 *   <li>{@code dumps} (3): recordings dumped at most, one when a critical finding appears, {@code 0} for none;
 *       {@code dumpSize} (64m): the most each dump holds (the stream keeps no more than that on disk).
 * </ul>
 */
record AgentOptions(int port, String bind, Duration window, Duration interval, Path dir, int dumps, long dumpBytes) {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)");

    static AgentOptions parse(String args) {
        int port = 9404;
        String bind = "127.0.0.1";
        Duration window = Duration.ofSeconds(60);
        Duration interval = Duration.ofSeconds(10);
        Path dir = null;
        int dumps = 3;
        long dumpBytes = 64L << 20;
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option '" + option + "' is not name=value");
                }
                String name = option.substring(0, eq).trim();
                String value = option.substring(eq + 1).trim();
                switch (name) {
                    case "port": port = number(name, value, 0, 65535); break;
                    case "bind": bind = value; break;
                    case "window": window = duration(name, value); break;
                    case "interval": interval = duration(name, value); break;
                    case "dir": dir = Path.of(value); break;
                    case "dumps": dumps = number(name, value, 0, 100); break;
                    case "dumpSize": dumpBytes = size(name, value); break;
                    default: throw new IllegalArgumentException("unknown option '" + name
                            + "' (known: port, bind, window, interval, dir, dumps, dumpSize)");
                }
            }
        }
        if (interval.compareTo(window) > 0) {
            throw new IllegalArgumentException("interval " + interval.toSeconds() + " s is longer than window " + window.toSeconds() + " s");
        }
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("interval must be at least 1s");
        }
        return new AgentOptions(port, bind, window, interval, dir, dumps, dumpBytes);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + "=" + value + ": expected a whole number from " + min + " to " + max);
    }

    static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a duration such as 500ms, 10s, 5m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofHours(n);
        }
    }

    private static long size(String name, String value) {
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a size such as 64m or 1g");
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2).isEmpty() ? 0 : "kmg".indexOf(m.group(2)) * 10 + 10;
        long bytes = n << shift;
        // JFR reads a maximum size of 0 as "no limit": a dump is always bounded, by 1 MB at the least
        if (bytes < 1L << 20 || bytes > 16L << 30) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a size from 1m to 16g");
        }
        return bytes;
    }
}
