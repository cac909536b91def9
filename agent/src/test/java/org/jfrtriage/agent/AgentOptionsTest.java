package org.jfrtriage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The -javaagent option string: defaults, every option, and a readable refusal for each bad value. */
class AgentOptionsTest {

    @Test
    void defaultsAreThoseTheDocsState() {
        AgentOptions o = AgentOptions.parse(null);
        assertThat(o.port()).isEqualTo(9404);
        assertThat(o.bind()).isEqualTo("127.0.0.1");
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.dumps()).isEqualTo(3);
        assertThat(o.dumpBytes()).isEqualTo(64L << 20);
        assertThat(o.dir()).as("a new folder of its own, made when the agent starts").isNull();
        assertThat(AgentOptions.parse("")).isEqualTo(o);
    }

    @Test
    void everyOptionIsRead() {
        AgentOptions o = AgentOptions.parse("port=0, bind=0.0.0.0,window=5m,interval=1500ms,dir=/tmp/x,dumps=0,dumpSize=1g");
        assertThat(o).isEqualTo(new AgentOptions(0, "0.0.0.0", Duration.ofMinutes(5), Duration.ofMillis(1500), Path.of("/tmp/x"), 0,
                1L << 30));
        assertThat(AgentOptions.parse("window=1h,interval=10s").window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValuesAreRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> AgentOptions.parse("port=abc")).hasMessage("port=abc: expected a whole number from 0 to 65535");
        assertThatThrownBy(() -> AgentOptions.parse("port=70000")).hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> AgentOptions.parse("window=10")).hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> AgentOptions.parse("colour=red")).hasMessageContaining("unknown option 'colour'");
        assertThatThrownBy(() -> AgentOptions.parse("port")).hasMessageContaining("is not name=value");
        assertThatThrownBy(() -> AgentOptions.parse("window=5s,interval=10s")).hasMessageContaining("longer than window");
        assertThatThrownBy(() -> AgentOptions.parse("interval=500ms,window=1s")).hasMessageContaining("at least 1s");
        // 0 would be "no limit" to JFR: a dump is always bounded
        assertThatThrownBy(() -> AgentOptions.parse("dumpSize=0")).hasMessageContaining("from 1m to 16g");
        assertThatThrownBy(() -> AgentOptions.parse("dumpSize=1023k")).hasMessageContaining("from 1m to 16g");
        assertThat(AgentOptions.parse("dumpSize=1024k").dumpBytes()).isEqualTo(1L << 20);
    }
}
