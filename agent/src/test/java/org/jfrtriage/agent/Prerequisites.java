package org.jfrtriage.agent;

/**
 * Something a test needs that a machine may lack (JDK 25, Chromium, the shared corpus): without it the test is
 * reported skipped, one by one; under CI (`CI` set, as `.ci/run` runs) it fails, because CI installs it.
 */
final class Prerequisites {
    private Prerequisites() {
    }

    static void require(boolean present, String what) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            org.assertj.core.api.Assertions.assertThat(present).as(what + " (CI must have it: .ci/run installs it)").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, what);
    }
}
