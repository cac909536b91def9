package org.jfrtriage.rules.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.rules.Triage;

/**
 * Whether two recordings can be compared at all before step 4 judges a fix: the same application (main class), the
 * same major JVM version, the same recorder, the same thresholds and sampling periods, spans and thread counts of
 * the same order. Two unrelated applications recorded by different recorders must not get "the fix moved the
 * problem"; each difference found is one plain reason.
 *
 * @param reasons why the two cannot be compared; empty when they can
 */
public record Comparability(List<String> reasons) {

    /** Spans further apart than this factor do not describe the same load (rates are per second, but warm-up is not). */
    public static final double MAX_DURATION_RATIO = 5.0;
    /** Peak live threads further apart than this factor, and by at least {@link #MIN_THREAD_DIFFERENCE}. */
    public static final double MAX_THREAD_RATIO = 4.0;
    public static final long MIN_THREAD_DIFFERENCE = 20;
    /** The settings that decide what a rule can see: a changed one changes the numbers without a change in the code. */
    static final List<String[]> SETTINGS = List.of(
            new String[] {"jdk.JavaMonitorEnter", "threshold"},
            new String[] {"jdk.ThreadPark", "threshold"},
            new String[] {"jdk.JavaMonitorWait", "threshold"},
            new String[] {"jdk.ExecutionSample", "period"},
            new String[] {"jdk.ObjectAllocationSample", "throttle"});
    private static final String SOURCE_LAUNCHER_PACKAGE = "com.sun.tools.javac.launcher.";

    public Comparability {
        reasons = List.copyOf(reasons);
    }

    public boolean comparable() {
        return reasons.isEmpty();
    }

    /** {@code not comparable: before is A, after is B; …}: the one line a person reads instead of a verdict. */
    public String summary() {
        return comparable() ? "comparable" : "not comparable: " + String.join("; ", reasons);
    }

    public static Comparability of(Triage before, Triage after) {
        return of(before.profile(), after.profile());
    }

    public static Comparability of(Profile before, Profile after) {
        RecordingInfo b = before.info();
        RecordingInfo a = after.info();
        List<String> reasons = new ArrayList<>();
        String mainBefore = mainClass(b.jvm().javaArguments());
        String mainAfter = mainClass(a.jvm().javaArguments());
        if (!mainBefore.isEmpty() && !mainAfter.isEmpty() && !mainBefore.equals(mainAfter)) {
            reasons.add("different applications (before " + mainBefore + ", after " + mainAfter + ")");
        }
        int featureBefore = feature(b.jvm().version());
        int featureAfter = feature(a.jvm().version());
        if (featureBefore > 0 && featureAfter > 0 && featureBefore != featureAfter) {
            reasons.add("different JVMs (before Java " + b.jvm().version() + ", after Java " + a.jvm().version() + ")");
        }
        if (!b.producer().equals(a.producer())) {
            reasons.add("different recorders (before " + b.producer() + ", after " + a.producer() + ")");
        }
        for (String[] s : SETTINGS) {
            String vb = b.setting(s[0], s[1]);
            String va = a.setting(s[0], s[1]);
            if (!vb.isEmpty() && !va.isEmpty() && !normalized(vb).equals(normalized(va))) {
                reasons.add("different " + s[0] + " " + s[1] + " (before " + vb + ", after " + va + ")");
            }
        }
        double db = b.durationNanos();
        double da = a.durationNanos();
        if (db > 0 && da > 0 && Math.max(db, da) / Math.min(db, da) > MAX_DURATION_RATIO) {
            reasons.add(String.format(Locale.ROOT, "spans too different (before %s, after %s)", seconds(db), seconds(da)));
        }
        long tb = before.threadStats().maxActive();
        long ta = after.threadStats().maxActive();
        if (tb > 0 && ta > 0 && (double) Math.max(tb, ta) / Math.min(tb, ta) > MAX_THREAD_RATIO
                && Math.abs(tb - ta) >= MIN_THREAD_DIFFERENCE) {
            reasons.add("thread counts too different (before " + tb + " live threads at most, after " + ta + ")");
        }
        return new Comparability(reasons);
    }

    /** The main class, jar or source file of {@code jdk.JVMInformation}'s Java arguments, by its name. */
    static String mainClass(String javaArguments) {
        String[] words = javaArguments == null ? new String[0] : javaArguments.strip().split("\\s+");
        int i = 0;
        if (words.length > 1 && words[0].contains(SOURCE_LAUNCHER_PACKAGE)) {
            i = 1;
        }
        if (words.length == 0 || words[i].isEmpty()) {
            return "";
        }
        String main = words[i];
        return main.substring(main.lastIndexOf('/') + 1);
    }

    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }

    /** {@code 10 ms} and {@code 10ms} are one setting. */
    private static String normalized(String setting) {
        return setting.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static String seconds(double nanos) {
        double s = nanos / 1e9;
        return s >= 10 ? Math.round(s) + " s" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
