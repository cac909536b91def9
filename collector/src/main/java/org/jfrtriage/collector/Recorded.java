package org.jfrtriage.collector;

import java.time.Duration;
import java.util.Optional;

/**
 * What a recording of a live JVM gave: whom it recorded, for how long, and whether the JVM lived to the end.
 *
 * @param pid the target's process id
 * @param mainClass the target's main class, jar or source file, as {@code jvms} names it (empty when unknown)
 * @param recorded how long JFR recorded before it was stopped or the JVM died
 * @param salvage when the JVM exited during the recording: what was saved instead (the chunks JFR had written to
 *                its disk repository); empty when the recording ran to its end
 */
public record Recorded(long pid, String mainClass, Duration recorded, Optional<String> salvage) {

    /** {@code pid 1234 — demo.Main, 20 s live}: how a report names a recording that has no file of its own. */
    public String describe() {
        // a jar or source file by its name: the folder it sits in is noise in a report's header
        String name = mainClass.substring(mainClass.lastIndexOf('/') + 1);
        return "pid " + pid + (name.isEmpty() ? "" : " — " + name) + ", "
                + Math.max(1, Math.round(recorded.toMillis() / 1000.0)) + " s live";
    }
}
