package org.jfrtriage.report;

import java.util.Locale;

import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Rule;
import org.jfrtriage.rules.model.Limit;
import org.jfrtriage.rules.model.Threshold;

/**
 * Renders docs/rules.md from the rules themselves, so the documented thresholds are the ones in force. A test
 * fails when the file and the code disagree; regenerate with the command in the file's header.
 */
public final class RulesReference {
    private RulesReference() {
    }

    public static String markdown(Playbook playbook) {
        StringBuilder md = new StringBuilder();
        md.append("# Rule reference\n\n")
                .append("<!-- Generated from the rule classes by RulesReference. Do not edit by hand: change the rule,\n")
                .append("     then run  mvn -q -pl report -am test -Dtest=RulesReferenceTest -Djfrtriage.bless=true\n")
                .append("     -Dsurefire.failIfNoSpecifiedTests=false  and review the diff. -->\n\n")
                .append("Every finding belongs to one step of the playbook and is judged against named thresholds. ")
                .append("A threshold has three limits; one curve maps the measured value to a 0–100 score:\n\n")
                .append("| measure | score | severity |\n|---|---|---|\n")
                .append("| below `info` | 0–24 (linear) | ok: no finding |\n")
                .append("| `info` … `warning` | 25–49 (log-linear) | info: notable, probably not the cause |\n")
                .append("| `warning` … `critical` | 50–74 (log-linear) | warning: a significant contributor |\n")
                .append("| `critical` and above | 75 → 100 (75 + 25·(1 − critical/measure)) | critical: likely the cause |\n\n")
                .append("A finding's score is the highest score among its thresholds; findings are ranked by score ")
                .append("(ties: earlier playbook step first). Each finding in the JSON report lists the thresholds it was ")
                .append("judged against with the measured value. A rule whose events are missing from the recording ")
                .append("reports `not-applicable` with the event or setting that would let it judge — never a false OK.\n\n");
        for (Rule rule : playbook.rules()) {
            md.append("## `").append(rule.kind()).append("` — step ").append(rule.step().number()).append(": ")
                    .append(rule.step().question()).append("\n\n")
                    .append(rule.description()).append(".\n\n")
                    .append("Needs: ").append(String.join(", ", rule.requiredEvents().stream().map(e -> "`" + e + "`").toList()))
                    .append(rule.requiredEvents().size() == 1 ? ".\n\n" : " (any of them).\n\n");
            if (rule.thresholds().isEmpty()) {
                md.append("No threshold: what it finds is a fact, not a measure.\n");
            } else {
                md.append("| threshold | measures | unit | info | warning | critical | why |\n")
                        .append("|---|---|---|---|---|---|---|\n");
            }
            for (Threshold t : rule.thresholds()) {
                md.append("| `").append(t.id()).append("` | ").append(t.label()).append(" | ").append(t.unit())
                        .append(" | ").append(number(t.info())).append(" | ").append(number(t.warning())).append(" | ")
                        .append(number(t.critical())).append(" | ").append(t.reason()).append(" |\n");
            }
            if (!rule.limits().isEmpty()) {
                md.append("\n| limit | decides | value | why |\n|---|---|---|---|\n");
                for (Limit l : rule.limits()) {
                    md.append("| `").append(l.id()).append("` | ").append(l.label()).append(" | ").append(number(l.value()))
                            .append(' ').append(l.unit()).append(" | ").append(l.reason()).append(" |\n");
                }
            }
            if (!rule.notes().isEmpty()) {
                md.append('\n');
                rule.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%d", (long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
