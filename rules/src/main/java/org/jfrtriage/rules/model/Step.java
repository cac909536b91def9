package org.jfrtriage.rules.model;

/** The four-step playbook a report reads as, top to bottom. */
public enum Step {
    WHO_IS_STUCK(1, "Who is stuck?"),
    WHICH_LOCK(2, "Which lock?"),
    WHICH_MAP_OR_MEMORY(3, "Which map / memory?"),
    DID_THE_FIX_WORK(4, "Did the fix work?");

    private final int number;
    private final String question;

    Step(int number, String question) {
        this.number = number;
        this.question = question;
    }

    public int number() {
        return number;
    }

    public String question() {
        return question;
    }
}
