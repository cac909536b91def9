package org.jfrtriage.rules.playbook;

import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.rules.model.JudgedThreshold;
import org.jfrtriage.rules.model.ScoreCurve;
import org.jfrtriage.rules.model.Severity;
import org.jfrtriage.rules.model.Threshold;

/**
 * The terms one candidate of a {@link PlaybookRule} was judged on: each declared threshold with its measure and
 * score, in the order judged (the order the JSON report lists them). The candidate's score is the highest term.
 */
public final class Scores {
    /** Caps for {@link #judgeAtMost}: none. */
    public static final int UNCAPPED = 100;
    /**
     * A measure of one moment (one long wait, one long pause, one burst) is at most a warning on its own:
     * {@code critical} means "likely the incident", which takes trouble sustained over the recording.
     */
    public static final int AT_MOST_WARNING = ScoreCurve.CRITICAL_SCORE - 1;
    /** A hint that cannot tell the problem from a harmless look-alike is at most info. */
    public static final int AT_MOST_INFO = ScoreCurve.WARNING_SCORE - 1;
    /** The term is shown with its measure but may not count for this candidate (too few samples to mean anything). */
    public static final int NOT_COUNTED = 0;

    private final List<JudgedThreshold> judged = new ArrayList<>();

    Scores() {
    }

    /** Judges {@code measure} against {@code t} on the one curve; returns the term's score. */
    public int judge(Threshold t, double measure) {
        return judgeAtMost(t, measure, UNCAPPED);
    }

    /**
     * Judges {@code measure} against {@code t} with the term's score capped at {@code maxScore}
     * ({@link #AT_MOST_WARNING}, {@link #AT_MOST_INFO}, {@link #NOT_COUNTED} or a rule's own cap).
     */
    public int judgeAtMost(Threshold t, double measure, int maxScore) {
        int score = Math.min(maxScore, t.score(measure));
        judged.add(new JudgedThreshold(t, measure, score));
        return score;
    }

    /** The candidate's score: the highest of its terms, 0 when none was judged. */
    public int score() {
        int score = 0;
        for (JudgedThreshold j : judged) {
            score = Math.max(score, j.score());
        }
        return score;
    }

    /** The score of the term judged against {@code t}, 0 when it was not judged. */
    public int score(Threshold t) {
        return judged.stream().filter(j -> j.threshold() == t).mapToInt(JudgedThreshold::score).findFirst().orElse(0);
    }

    public Severity severity() {
        return ScoreCurve.severity(score());
    }

    List<JudgedThreshold> judged() {
        return List.copyOf(judged);
    }
}
