package org.jfrtriage.rules.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.rules.SyntheticProfile;
import org.jfrtriage.rules.model.SiteRef;

class SitesAndAdviceTest {

    @Test
    void lockDisplayNamesAreTheLockAPersonKnows() {
        assertThat(Sites.lockDisplayName(null)).isEqualTo("an unknown object");
        assertThat(Sites.lockDisplayName("")).isEqualTo("an unknown object");
        assertThat(Sites.lockDisplayName("java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync"))
                .isEqualTo("java.util.concurrent.locks.ReentrantReadWriteLock");
        assertThat(Sites.lockDisplayName("java.util.concurrent.ConcurrentHashMap$Node")).isEqualTo("java.util.concurrent.ConcurrentHashMap");
        assertThat(Sites.lockDisplayName("java.util.concurrent.Foo$BarMap")).isEqualTo("java.util.concurrent.Foo");
        assertThat(Sites.lockDisplayName("java.util.concurrent.ConcurrentHashMap$TreeBin")).isEqualTo("java.util.concurrent.ConcurrentHashMap$TreeBin");
        assertThat(Sites.lockDisplayName("java.util.Collections$SynchronizedMap")).isEqualTo("java.util.Collections$SynchronizedMap");
        assertThat(Sites.lockDisplayName("com.acme.Cache$Node")).isEqualTo("com.acme.Cache$Node");
        assertThat(Sites.lockDisplayName("com.acme.Pool$FairSync")).isEqualTo("com.acme.Pool");
        assertThat(Sites.lockDisplayName("com.acme.Pool")).isEqualTo("com.acme.Pool");
        assertThat(Sites.lockDisplayName("$Sync")).isEqualTo("$Sync");
    }

    @Test
    void stacksAreCutAtFortyFramesAndTheRecordingLastsAtLeastAMillisecond() {
        SyntheticProfile p = new SyntheticProfile(0);
        String[] frames = new String[45];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = "com.acme.Deep.level" + i;
        }
        int deep = p.stack(frames);
        int forty = p.stack(java.util.Arrays.copyOf(frames, 40));
        int thirtyNine = p.stack(java.util.Arrays.copyOf(frames, 39));
        Sites sites = new Sites(p.build());
        assertThat(sites.stack(deep)).hasSize(Sites.STACK_LIMIT).first().isEqualTo(new SiteRef("com.acme.Deep", "level0", 10));
        assertThat(sites.stack(forty)).hasSize(40);
        assertThat(sites.stack(thirtyNine)).hasSize(39);
        assertThat(sites.site(deep)).isEqualTo(new SiteRef("com.acme.Deep", "level0", 10));
        assertThat(sites.siteKey(deep)).isEqualTo("com.acme.Deep.level0");
        assertThat(sites.seconds()).isEqualTo(0.001);
    }

    @Test
    void threadNamesComeFromTheProfile() {
        SyntheticProfile p = new SyntheticProfile(1);
        int worker = p.thread("worker-7");
        assertThat(new Sites(p.build()).threadName(worker)).isEqualTo("worker-7");
    }

    private static final SiteRef AT = new SiteRef("com.acme.Registry", "register", 12);

    private static String advice(String lockClass, boolean monitor, String... stack) {
        List<SiteRef> frames = java.util.Arrays.stream(stack).map(q -> {
            int dot = q.lastIndexOf('.');
            return new SiteRef(q.substring(0, dot), q.substring(dot + 1), 1);
        }).toList();
        return LockAdvice.forLock(lockClass, monitor, AT, 1_500_000_000L, frames);
    }

    @Test
    void adviceFollowsWhatTheLockIs() {
        assertThat(advice("java.util.concurrent.ConcurrentHashMap$Node", true, "java.util.concurrent.ConcurrentHashMap.putVal",
                "java.util.HashMap.computeIfAbsent", "com.acme.Registry.register"))
                .startsWith("Threads wait for ConcurrentHashMap bin locks in plain writes at Registry.register.");
        assertThat(advice("java.util.concurrent.ConcurrentHashMap$Node", true, "java.util.concurrent.ConcurrentHashMap.get"))
                .startsWith("Threads wait for ConcurrentHashMap bin locks in plain writes");
        for (String compute : new String[] {"computeIfAbsent", "compute", "computeIfPresent", "merge"}) {
            assertThat(advice("java.util.concurrent.ConcurrentHashMap$ReservationNode", true,
                    "java.util.concurrent.ConcurrentHashMap." + compute, "com.acme.Registry.register"))
                    .startsWith("Threads wait for a ConcurrentHashMap bin lock: computeIfAbsent/compute run the mapping function")
                    .contains("a slow loader at Registry.register");
        }
        for (String map : new String[] {"java.util.Collections$SynchronizedMap", "java.util.Hashtable", "java.util.HashMap",
                "java.util.Collections$SynchronizedSet"}) {
            assertThat(advice(map, true)).startsWith("One lock guards the whole map at Registry.register");
        }
        assertThat(advice("java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync", false))
                // the number given is the longest wait for the lock, not a hold time (issue "on-call ergonomics")
                .startsWith("A coarse read/write lock at Registry.register: threads waited up to 1.5 s for it");
        assertThat(advice("java.util.concurrent.Semaphore$NonfairSync", false)).startsWith("Threads wait for permits at Registry.register");
        assertThat(advice("com.acme.Registry", true)).startsWith("A synchronized block or method at Registry.register");
        assertThat(advice("java.util.concurrent.locks.ReentrantLock$NonfairSync", false))
                .startsWith("A java.util.concurrent lock at Registry.register serializes its callers.");
    }
}
