package org.jfrtriage.analyzer.event;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values of secrets passed on a command line before anything shows it. A recording carries the JVM's
 * arguments verbatim ({@code -Ddb.password=hunter2}, {@code -javaagent:apm.jar=token=abc}, {@code --api-key abc});
 * reports get shared in tickets and chat, so the value of every option whose name looks secret becomes
 * {@value #MASK} in every output — the name stays, so a person still sees that it was set.
 *
 * <p>Covered: {@code NAME=VALUE} anywhere in a word (system properties, agent options, comma- or
 * semicolon-separated lists), {@code --NAME VALUE} and {@code -NAME VALUE} with the value as the next word,
 * {@code user:password@} in URLs, and the word after {@code Bearer}/{@code Basic}. A name looks secret when it
 * contains one of {@link #SECRET_WORDS}, in any case.
 */
public final class CommandLineSecrets {

    /** What a hidden value is replaced by. */
    public static final String MASK = "***";
    /** Words that make an option's name look secret (as ../shared/CONTRACT.md lists them, plus common spellings). */
    static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token", "credential",
            "key", "auth");

    /** {@code name=value}: the name is letters, digits, dots, dashes, underscores; the value runs to , ; & or space. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.\\-]+)=([^,;&\\s\"']*)");
    /** {@code scheme://user:secret@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]+:)([^@/\\s]+)(@)");
    /**
     * A flag whose value is the next word: {@code --password}, or {@code -password} — but not a JVM option
     * ({@code -Dauth.debug}, {@code -Xss1m}), whose next word is never its value.
     */
    private static final Pattern FLAG = Pattern.compile("--([A-Za-z0-9_.\\-]+)|-(?![DX])([A-Za-z0-9_.\\-]+)");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)bearer|basic");

    private CommandLineSecrets() {
    }

    /** {@code commandLine} with the value of every secret-looking option replaced by {@value #MASK}. */
    public static String redact(String commandLine) {
        if (commandLine == null || commandLine.isEmpty()) {
            return commandLine;
        }
        String text = URL_PASSWORD.matcher(commandLine).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
        StringBuilder out = new StringBuilder(text.length());
        Matcher assignment = ASSIGNMENT.matcher(text);
        int last = 0;
        while (assignment.find()) {
            out.append(text, last, assignment.start());
            if (looksSecret(assignment.group(1)) && !assignment.group(2).isEmpty()) {
                out.append(assignment.group(1)).append('=').append(MASK);
            } else {
                out.append(assignment.group());
            }
            last = assignment.end();
        }
        out.append(text, last, text.length());
        return redactSeparateValues(out.toString());
    }

    /** The names whose values {@link #redact} hid in {@code redacted}, in order, each once. */
    public static List<String> hiddenNames(String redacted) {
        Set<String> names = new LinkedHashSet<>();
        if (redacted == null) {
            return List.of();
        }
        Matcher assignment = ASSIGNMENT.matcher(redacted);
        while (assignment.find()) {
            if (assignment.group(2).equals(MASK)) {
                names.add(assignment.group(1).replaceFirst("^(-D|--?)", "")); // the property's or option's name
            }
        }
        String[] words = redacted.split(" ", -1);
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals(MASK)) {
                names.add(words[i - 1].replaceFirst("^-+", ""));
            }
        }
        if (URL_PASSWORD.matcher(redacted).find()) {
            names.add("URL password");
        }
        return List.copyOf(names);
    }

    /** {@code --password hunter2} and {@code Bearer abc}: the secret is the next word. */
    private static String redactSeparateValues(String text) {
        String[] words = text.split(" ", -1);
        List<String> out = new ArrayList<>(words.length);
        boolean hideNext = false;
        for (String word : words) {
            if (hideNext && !word.isEmpty() && !word.startsWith("-")) {
                out.add(MASK);
                hideNext = false;
                continue;
            }
            hideNext = false;
            Matcher flag = FLAG.matcher(word);
            if (flag.matches() && looksSecret(flag.group(1) != null ? flag.group(1) : flag.group(2))) {
                hideNext = true;
            } else if (AUTH_SCHEME.matcher(word).matches()) {
                hideNext = true;
            }
            out.add(word);
        }
        return String.join(" ", out);
    }

    static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
