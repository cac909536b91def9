package org.jfrtriage.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.jfrtriage.report.MetricFamilies;

/**
 * Hands jfr-triage's metric families (the one renderer, {@link MetricFamilies}) to the Prometheus Java client, which
 * serves them in whatever format the scraper asks for (text 0.0.4, OpenMetrics). Names, help and labels are the
 * renderer's; the client writes a counter as {@code NAME_total}, the name the renderer gives it.
 */
final class MetricsBridge implements MultiCollector {
    private final Supplier<MetricFamilies> families;

    MetricsBridge(Supplier<MetricFamilies> families) {
        this.families = families;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (MetricFamilies.Family f : families.get().families()) {
            snapshots.add(snapshot(f));
        }
        return new MetricSnapshots(snapshots);
    }

    static MetricSnapshot snapshot(MetricFamilies.Family f) {
        if (f.type() == MetricFamilies.Type.COUNTER) {
            CounterSnapshot.Builder counter = CounterSnapshot.builder()
                    .name(f.name().substring(0, f.name().length() - "_total".length())).help(f.help());
            for (MetricFamilies.Sample s : f.samples()) {
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s.labels()))
                        .value(s.value().doubleValue()).build());
            }
            return counter.build();
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(f.name()).help(f.help());
        for (MetricFamilies.Sample s : f.samples()) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s.labels()))
                    .value(s.value().doubleValue()).build());
        }
        return gauge.build();
    }

    private static Labels labels(Map<String, String> labels) {
        Labels.Builder b = Labels.builder();
        labels.forEach(b::label);
        return b.build();
    }
}
