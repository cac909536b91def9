package org.jfrtriage.analyzer.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JVM's identity from the strings JVMs really write (taken from the JMC corpus and our samples). */
class JvmInfoTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Java HotSpot(TM) 64-Bit Server VM|Java HotSpot(TM) 64-Bit Server VM (25.144-b01) for linux-amd64 JRE (1.8.0_144-b01), built on Jul 21 2017 21:57:33 by \"java_re\" with gcc 4.3.0 20080428 (Red Hat 4.3.0-8)|1.8.0_144|Oracle Corporation|25.144-b01",
        "OpenJDK 64-Bit Server VM|OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1) for linux-amd64 JRE (17.0.15+6-Debian-1deb12u1), built on 2025-04-18T08:32:07Z by \"unknown\" with gcc 12.2.0|17.0.15+6||17.0.15+6-Debian-1deb12u1",
        "Java HotSpot(TM) 64-Bit Server VM|Java HotSpot(TM) 64-Bit Server VM (9+181) for windows-amd64 JRE (9+181), built on Aug  2 2017 21:30:51|9+181|Oracle Corporation|9+181",
        "Java HotSpot(TM) 64-Bit Server VM|Java HotSpot(TM) 64-Bit Server VM (11.0.4+10-LTS) for bsd-amd64 JRE (11.0.4+10-LTS), built on Jul  4 2019|11.0.4+10|Oracle Corporation|11.0.4+10-LTS",
        "Java HotSpot(TM) 64-Bit Server VM|Java HotSpot(TM) 64-Bit Server VM (slowdebug 12-internal+0-adhoc.mgronlun.open) for windows-amd64 JRE (12-internal+0-adhoc.mgronlun.open), built on Dec 17 2018|12-internal+0|Oracle Corporation|12-internal+0-adhoc.mgronlun.open",
        "OpenJDK 64-Bit Server VM|OpenJDK 64-Bit Server VM (25.292-b10) for linux-amd64 JRE (1.8.0_292-b10), built on Apr  9 2021|1.8.0_292||25.292-b10",
        "Oracle JRockit(R)|R28.2.0-79-146777-1.6.0_29-20111005-1808-windows-x86_64|1.6.0_29|Oracle Corporation|",
    })
    void javaVersionVendorAndVmFromJvmInformation(String name, String version, String java, String vendor, String vm) {
        JvmInfo info = JvmInfo.fromJvmInformation(name, version, "", "", -1);
        assertThat(info.version()).isEqualTo(java);
        assertThat(info.vendor()).isEqualTo(vendor == null ? "" : vendor);
        assertThat(info.vmName()).isEqualTo(name);
        assertThat(info.vmVersion()).isEqualTo(vm == null ? "" : vm);
    }

    @Test
    void asyncProfilersBareVersionIsTheVmVersionAndSettlesAsTheJavaVersion() {
        JvmInfo info = JvmInfo.fromJvmInformation("", "17.0.15+6-Debian-1deb12u1", "", "", -1);
        assertThat(info.version()).isEmpty();
        assertThat(info.settled().version()).isEqualTo("17.0.15+6");
    }

    @Test
    void whatIsKnownStaysWhenLaterEventsArrive() {
        JvmInfo merged = JvmInfo.UNKNOWN.merge(new JvmInfo("", "Eclipse Adoptium", "", "", -1))
                .merge(JvmInfo.fromJvmInformation("OpenJDK 64-Bit Server VM",
                        "OpenJDK 64-Bit Server VM (21.0.2+13-LTS) for linux-amd64 JRE (21.0.2+13-LTS)", "-Xmx1g", "", 42))
                .merge(new JvmInfo("", "Someone Else", "", "", -1));
        assertThat(merged.vendor()).isEqualTo("Eclipse Adoptium");
        assertThat(merged.version()).isEqualTo("21.0.2+13");
        assertThat(merged.jvmArguments()).isEqualTo("-Xmx1g");
        assertThat(merged.pid()).isEqualTo(42);
    }
}
