package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one Prometheus renderer: text format 0.0.4, names checked, counts as integers, label values escaped. */
class MetricFamiliesTest {

    @Test
    void writesHelpTypeAndSamplesInOrder() {
        MetricFamilies m = new MetricFamilies();
        m.gauge("jfrtriage_x", "An x").sample(3, "a", "1", "b", "q\"\\\nz").sample(0.5);
        m.counter("jfrtriage_y_total", "A y").sample(12L).sample(1.25, "k", "v");
        m.gauge("jfrtriage_empty", "Declared, nothing measured");
        assertThat(m.text()).isEqualTo("""
                # HELP jfrtriage_x An x
                # TYPE jfrtriage_x gauge
                jfrtriage_x{a="1",b="q\\"\\\\\\nz"} 3
                jfrtriage_x 0.500000
                # HELP jfrtriage_y_total A y
                # TYPE jfrtriage_y_total counter
                jfrtriage_y_total 12
                jfrtriage_y_total{k="v"} 1.25
                # HELP jfrtriage_empty Declared, nothing measured
                # TYPE jfrtriage_empty gauge
                """);
    }

    @Test
    void refusesBadNamesDuplicatesAndCountersWithoutTotal() {
        MetricFamilies m = new MetricFamilies();
        m.gauge("jfrtriage_a", "a");
        assertThatThrownBy(() -> m.gauge("jfrtriage_a", "again")).hasMessageContaining("twice");
        assertThatThrownBy(() -> m.gauge("jfrtriage-a", "dash")).hasMessageContaining("not a Prometheus metric name");
        assertThatThrownBy(() -> m.counter("jfrtriage_c", "c")).hasMessageContaining("_total");
        assertThatThrownBy(() -> m.gauge("jfrtriage_b", "b").sample(1, "odd")).hasMessageContaining("pairs");
    }

    @Test
    void nonFiniteValuesUseThePrometheusSpelling() {
        assertThat(MetricFamilies.number(MetricFamilies.Type.GAUGE, Double.NaN)).isEqualTo("NaN");
        assertThat(MetricFamilies.number(MetricFamilies.Type.GAUGE, Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(MetricFamilies.number(MetricFamilies.Type.COUNTER, 1e-4)).isEqualTo("1.0E-4");
    }
}
