package org.jfrtriage.report;

import java.util.ArrayList;
import java.util.List;

import org.jfrtriage.analyzer.event.CommandLineSecrets;
import org.jfrtriage.analyzer.profile.RecordingInfo;

/**
 * Facts about the recording a reader should know that are neither damage (those are warnings) nor findings about
 * the incident: today, that secrets were passed on the JVM's command line. The values are already hidden by the
 * analyzer; the notice says which names, so the person sharing the report knows to rotate them if the recording
 * itself (which still holds them) was shared.
 */
public final class RecordingNotices {
    private RecordingNotices() {
    }

    public static List<String> of(RecordingInfo info) {
        List<String> notices = new ArrayList<>();
        List<String> names = new ArrayList<>(CommandLineSecrets.hiddenNames(info.jvm().jvmArguments()));
        CommandLineSecrets.hiddenNames(info.jvm().javaArguments()).stream().filter(n -> !names.contains(n))
                .forEach(names::add);
        if (!names.isEmpty()) {
            notices.add("secrets were passed on the command line (" + String.join(", ", names) + "): their values are "
                    + "shown as " + CommandLineSecrets.MASK + " here, but the .jfr file itself holds them — share it "
                    + "with care, and prefer files or environment variables for secrets");
        }
        return notices;
    }
}
