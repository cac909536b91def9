package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/** Lock lines and deadlock sections read from real {@code jdk.ThreadDump} text (JDK 17, sample LockOrderDeadlock). */
class ThreadDumpsTest {
    private final StackTable stacks = new StackTable();
    private final ThreadTable threads = new ThreadTable();
    private final ThreadDumps.Parser parser = new ThreadDumps.Parser(stacks, threads);

    private static String resource(String name) throws IOException {
        try (InputStream in = ThreadDumpsTest.class.getResourceAsStream("/dumps/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String name(int thread) {
        return threads.name(thread);
    }

    @Test
    void theJvmsOwnDeadlockSectionsNameEveryThreadAndLock() throws IOException {
        ThreadDumps.Snapshot s = parser.parse(7, resource("deadlocks-jdk17.txt"));
        assertThat(s.deadlocks()).hasSize(2).allMatch(ThreadDumps.Deadlock::reportedByJvm);
        ThreadDumps.Deadlock monitors = s.deadlocks().get(0);
        assertThat(monitors.links()).extracting(l -> name(l.thread()) + " waits for " + l.lockClass() + "@"
                + Long.toHexString(l.address()) + " held by " + name(l.heldBy()) + (l.ownable() ? " (ownable)" : ""))
                .containsExactly(
                        "transfer-1 waits for demo.deadlock.LockOrderDeadlock$Account@69ee9b3f0 held by transfer-2",
                        "transfer-2 waits for demo.deadlock.LockOrderDeadlock$Account@69ee9b3a8 held by transfer-1");
        assertThat(s.deadlocks().get(1).links()).extracting(l -> name(l.thread()) + " waits for " + l.lockClass()
                + " held by " + name(l.heldBy()) + (l.ownable() ? " (ownable)" : ""))
                .containsExactly(
                        "restock-north waits for java.util.concurrent.locks.ReentrantLock$NonfairSync held by restock-south (ownable)",
                        "restock-south waits for java.util.concurrent.locks.ReentrantLock$NonfairSync held by restock-north (ownable)");
    }

    @Test
    void deadlockedThreadsKeepTheirJavaIdsStacksAndTheFramesOfTheirLocks() throws IOException {
        int transfer1 = threads.threadId(15, "transfer-1"); // the id JFR events would use: "#15" in the dump
        ThreadDumps.Snapshot s = parser.parse(7, resource("deadlocks-jdk17.txt"));
        ThreadDumps.DumpedThread t = s.thread(transfer1);
        assertThat(t).isNotNull();
        assertThat(t.state()).isEqualTo("BLOCKED (on object monitor)");
        assertThat(stacks.frames(t.stack()).get(0).toString()).isEqualTo("demo.deadlock.LockOrderDeadlock.transfer:30");
        assertThat(t.waitingFor().use()).isEqualTo(ThreadDumps.LockUse.WAITING_TO_LOCK);
        assertThat(t.waitingFor().frame()).isEqualTo(0);
        assertThat(t.holding(0x69ee9b3a8L)).isNotNull();
        assertThat(t.holding(0x69ee9b3f0L)).isNull();
        // a request blocked behind the deadlock is kept, and its holder found by address
        ThreadDumps.DumpedThread statement = s.threads().stream().filter(d -> name(d.thread()).equals("statement-1")).findFirst().orElseThrow();
        assertThat(name(s.holderOf(statement.waitingFor().address()).thread())).isEqualTo("transfer-1");
        // threads that neither wait nor hold an awaited lock are not kept
        assertThat(s.threads()).extracting(d -> name(d.thread())).doesNotContain("main", "Reference Handler", "Finalizer");
    }

    @Test
    void aCycleOfLockLinesIsADeadlockEvenWithoutTheJvmsSection() {
        String dump = String.join("\n",
                "\"a\" #21 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Ledger.post(Ledger.java:10)",
                "\t- waiting to lock <0x0000000000000002> (a com.acme.Account)",
                "\t- locked <0x0000000000000001> (a com.acme.Account)",
                "",
                "\"b\" #22 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Ledger.post(Ledger.java:10)",
                "\t- waiting to lock <0x0000000000000001> (a com.acme.Account)",
                "\tat com.acme.Ledger.run(Ledger.java:20)",
                "\t- locked <0x0000000000000002> (a com.acme.Account)",
                "",
                "\"c\" #23 prio=5 os_prio=0 tid=0x1 nid=0x2 in Object.wait()",
                "   java.lang.Thread.State: WAITING (on object monitor)",
                "\tat java.lang.Object.wait(Native Method)",
                "\t- waiting on <0x0000000000000003> (a com.acme.Queue)",
                "\tat com.acme.Queue.take(Queue.java:5)",
                "\t- locked <0x0000000000000003> (a com.acme.Queue)",
                "");
        ThreadDumps.Snapshot s = parser.parse(1, dump);
        assertThat(s.deadlocks()).hasSize(1);
        ThreadDumps.Deadlock d = s.deadlocks().get(0);
        assertThat(d.reportedByJvm()).isFalse();
        assertThat(d.links()).extracting(l -> name(l.thread()) + ">" + name(l.heldBy())).containsExactlyInAnyOrder("a>b", "b>a");
        ThreadDumps.DumpedThread b = s.threads().stream().filter(t -> name(t.thread()).equals("b")).findFirst().orElseThrow();
        assertThat(b.holding(2).frame()).as("the frame that took the lock").isEqualTo(1);
        // c waits on its queue in Object.wait: it released the monitor and is neither kept nor a holder
        assertThat(s.threads()).extracting(t -> name(t.thread())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aWaiterWithoutACycleIsNoDeadlock() {
        String dump = String.join("\n",
                "\"worker\" #30 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable",
                "   java.lang.Thread.State: RUNNABLE",
                "\tat com.acme.Cache.evict(Cache.java:7)",
                "\t- locked <0x00000000000000aa> (a java.util.HashMap)",
                "",
                "\"http-1\" #31 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting for monitor entry",
                "   java.lang.Thread.State: BLOCKED (on object monitor)",
                "\tat com.acme.Cache.get(Cache.java:3)",
                "\t- waiting to lock <0x00000000000000aa> (a java.util.HashMap)",
                "",
                "\"http-2\" #32 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)",
                "\t- parking to wait for  <0x00000000000000bb> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)",
                "\tat com.acme.Pool.borrow(Pool.java:9)",
                "",
                "\"owner\" #33 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable",
                "   java.lang.Thread.State: RUNNABLE",
                "\tat com.acme.Pool.refill(Pool.java:19)",
                "",
                "   Locked ownable synchronizers:",
                "\t- <0x00000000000000bb> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)",
                "");
        ThreadDumps.Snapshot s = parser.parse(1, dump);
        assertThat(s.deadlocks()).isEmpty();
        assertThat(name(s.holderOf(0xaa).thread())).isEqualTo("worker");
        assertThat(name(s.holderOf(0xbb).thread())).isEqualTo("owner");
        assertThat(s.holderOf(0xbb).holding(0xbb).use()).isEqualTo(ThreadDumps.LockUse.OWNS);
        assertThat(s.threads()).hasSize(4);
    }

    @Test
    void framesOfEveryShapeTheJvmPrints() {
        assertThat(ThreadDumps.Parser.frame("java.lang.Thread.run(java.base@17.0.15/Thread.java:840)").toString())
                .isEqualTo("java.lang.Thread.run:840");
        assertThat(ThreadDumps.Parser.frame("jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)").line()).isEqualTo(-1);
        assertThat(ThreadDumps.Parser.frame("demo.X$$Lambda$291/0x00007f1bf81b0828.run(Unknown Source)").className())
                .isEqualTo("demo.X$$Lambda$291/0x00007f1bf81b0828");
        assertThat(ThreadDumps.Parser.frame("nodots")).isNull();
    }

    @Test
    void dumpsPastTheLimitAreCountedNotKept() {
        String dump = "\"http-1\" #31 prio=5\n   java.lang.Thread.State: BLOCKED (on object monitor)\n"
                + "\tat com.acme.Cache.get(Cache.java:3)\n\t- waiting to lock <0xaa> (a java.util.HashMap)\n";
        for (int i = 0; i < ThreadDumps.SNAPSHOT_LIMIT + 3; i++) {
            parser.add(i, dump);
        }
        parser.add(0, null);
        ThreadDumps d = parser.build();
        assertThat(d.dumps()).isEqualTo(ThreadDumps.SNAPSHOT_LIMIT + 4);
        assertThat(d.snapshots()).hasSize(ThreadDumps.SNAPSHOT_LIMIT);
        assertThat(List.copyOf(d.snapshots().get(0).threads())).hasSize(1);
    }
}
