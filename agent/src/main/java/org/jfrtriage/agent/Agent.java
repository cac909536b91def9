package org.jfrtriage.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The entry of {@code jfrtriage-agent.jar}: {@code -javaagent:jfrtriage-agent.jar=port=9404,window=60s,...} at start
 * ({@link #premain}) or {@code jfrtriage agent load PID} into a running JVM ({@link #agentmain}).
 *
 * <p>It never throws into the application: bad options, a port in use, JFR unavailable — each is one line on the
 * application's stderr and the agent does not start, while the JVM goes on. Starting happens on a daemon thread,
 * so the application's own start is not delayed by JFR's.
 */
public final class Agent {
    /** The running agent of this JVM; a second load is refused rather than run twice. */
    private static final AtomicReference<TriageAgent> RUNNING = new AtomicReference<>();

    private Agent() {
    }

    /**
     * The system property where the agent says how its start went, for {@code jfrtriage agent load} to read back
     * through the Attach API: {@code serving http://HOST:PORT/metrics} or {@code failed: why}.
     */
    public static final String STATUS_PROPERTY = "jfrtriage.agent.status";

    /** At JVM start: on a daemon thread, so that the application's own start is not delayed by JFR's. */
    public static void premain(String args, Instrumentation instrumentation) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            Thread starter = new Thread(() -> start(options), "jfrtriage-agent-start");
            starter.setDaemon(true);
            starter.start();
        } catch (Throwable e) {
            failed("not started: " + message(e));
        }
    }

    /** Loaded into a running JVM: starts before returning, so that the loader can read {@link #STATUS_PROPERTY}. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        try {
            start(AgentOptions.parse(args));
        } catch (Throwable e) {
            failed("not started: " + message(e));
        }
    }

    private static void failed(String why) {
        report(why);
        status("failed: " + why);
    }

    static void status(String value) {
        try {
            System.setProperty(STATUS_PROPERTY, value);
        } catch (Throwable ignored) {
            // a security manager may refuse: the loader then says it cannot tell
        }
    }

    private static void start(AgentOptions options) {
        try {
            TriageAgent agent = new TriageAgent(options);
            if (!RUNNING.compareAndSet(null, agent)) {
                TriageAgent running = RUNNING.get();
                String why = "not started: an agent already runs in this JVM (port " + (running == null ? "?" : running.port()) + ")";
                report(why);
                return; // the status property still says where the running one serves
            }
            try {
                agent.start();
            } catch (Throwable e) {
                RUNNING.compareAndSet(agent, null);
                agent.stop("could not start: " + message(e));
            }
        } catch (Throwable e) {
            failed("not started: " + message(e));
        }
    }

    /** Called by a running agent that stops itself after a failure: a later load may start a new one. */
    static void stopped(TriageAgent agent) {
        RUNNING.compareAndSet(agent, null);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** One line on the application's stderr; never throws (stderr may be closed). */
    static void report(String line) {
        try {
            System.err.println("jfrtriage agent: " + line);
            System.err.flush();
        } catch (Throwable ignored) {
            // nowhere left to say it
        }
    }
}
