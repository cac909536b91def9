package org.jfrtriage.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgentCostTest {

    @Test
    void jfrThreadTicksAreUserPlusSystemTime() {
        // a real line of /proc/PID/task/TID/stat for JFR's sampler (not a Java thread: the bean does not list it)
        String stat = "23001 (JFR Thread Samp) S 1 22990 22990 0 -1 1077936192 12 0 0 0 731 42 0 0 20 0 38 0 "
                + "5514700 4127129600 11830 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 -1 1 0 0 0 0 0";
        assertEquals(773, AgentCost.jfrTicks(stat));
    }

    @Test
    void otherThreadsAreNotJfrs() {
        assertEquals(-1, AgentCost.jfrTicks("23002 (C2 CompilerThre) S 1 22990 22990 0 -1 1077936192 0 0 0 0 5 1 0 0"));
        assertEquals(-1, AgentCost.jfrTicks("23003 (request-0) R 1 22990 22990 0 -1 4194368 0 0 0 0 900 2 0 0"));
    }

    @Test
    void aThreadNamedWithParenthesesIsReadFromItsLastOne() {
        assertEquals(7, AgentCost.jfrTicks("23004 (JFR (x)) S 1 2 3 0 -1 0 0 0 0 0 4 3 0 0 20 0"));
    }

    @Test
    void aCutLineIsNoReading() {
        assertEquals(-1, AgentCost.jfrTicks("23005 (JFR Periodic Ta) S 1 2"));
        assertEquals(-1, AgentCost.jfrTicks("garbage"));
    }
}
