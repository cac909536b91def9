package bench;

import one.jfr.JfrReader;
import one.jfr.event.Event;

/**
 * Baseline: async-profiler's own JFR reader ({@code tools.profiler:jfr-converter}) reading every event it
 * understands (execution, allocation, lock samples...) and nothing else. Prints the event count.
 */
public final class AsyncProfilerReaderBaseline {
    public static void main(String[] args) throws Exception {
        long events = 0;
        try (JfrReader reader = new JfrReader(args[0])) {
            for (Event e; (e = reader.readEvent()) != null; ) {
                events++;
            }
        }
        System.out.println(events);
    }
}
