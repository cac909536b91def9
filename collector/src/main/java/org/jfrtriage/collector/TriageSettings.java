package org.jfrtriage.collector;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.management.jfr.ConfigurationInfo;
import jdk.management.jfr.FlightRecorderMXBean;

/**
 * The recording settings applied to a target: every event the target's JDK knows (from its own
 * {@code default} configuration) switched off, then the events of {@code triage.jfc} switched on. Only what
 * the playbook reads is recorded: on an allocation-heavy service JFR's own default settings cost ~20% of
 * throughput, nearly all of it GC-phase detail events (tens of thousands a minute) the rules never read.
 */
public final class TriageSettings {
    private TriageSettings() {
    }

    static Map<String, String> forTarget(FlightRecorderMXBean jfr) throws CollectorException {
        Map<String, String> settings = new HashMap<>();
        for (ConfigurationInfo info : jfr.getConfigurations()) {
            if ("default".equals(info.getName())) {
                info.getSettings().forEach((key, value) -> settings.put(key, key.endsWith("#enabled") ? "false" : value));
            }
        }
        try {
            settings.putAll(Configuration.create(new StringReader(JfrRecorder.triageSettings())).getSettings());
        } catch (IOException | ParseException e) {
            throw new CollectorException("the shipped triage.jfc cannot be parsed: " + e.getMessage(), e);
        }
        return settings;
    }

    /**
     * The same settings for the JVM this code runs in (the in-process agent): this JDK's own {@code default}
     * configuration switched off, then {@code triage.jfc} switched on.
     */
    public static Map<String, String> forThisJvm() throws CollectorException {
        Map<String, String> settings = new HashMap<>();
        try {
            Configuration.getConfiguration("default").getSettings()
                    .forEach((key, value) -> settings.put(key, key.endsWith("#enabled") ? "false" : value));
            settings.putAll(Configuration.create(new StringReader(JfrRecorder.triageSettings())).getSettings());
        } catch (IOException | ParseException e) {
            throw new CollectorException("the JFR settings cannot be read: " + e.getMessage(), e);
        }
        return settings;
    }
}
