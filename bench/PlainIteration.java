package bench;

import java.nio.file.Path;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Baseline: iterate every event of a recording with jdk.jfr.consumer and nothing else. Prints the event count. */
public final class PlainIteration {
    public static void main(String[] args) throws Exception {
        long events = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event != null) {
                    events++;
                }
            }
        }
        System.out.println(events);
    }
}
