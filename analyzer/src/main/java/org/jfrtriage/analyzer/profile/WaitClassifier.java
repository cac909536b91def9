package org.jfrtriage.analyzer.profile;

import java.util.Set;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;

/**
 * Decides from the parked-on class and the stack whether a wait is lock contention, a wait for another party,
 * or an idle thread waiting for work. Runs once per distinct (kind, class, stack), never per event.
 */
final class WaitClassifier {

    /** Frames of a thread that is idle by design: pool workers between tasks, JDK service threads. */
    private static final Set<String> IDLE_LOOP_METHODS = Set.of(
            "java.util.concurrent.ThreadPoolExecutor.getTask",
            "java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.ForkJoinPool.awaitQuiescence",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
            "java.lang.ref.ReferenceQueue.remove",
            "java.lang.ref.Reference.waitForReferencePendingList",
            "java.util.TimerThread.mainLoop",
            "jdk.internal.misc.InnocuousThread.run",
            "java.lang.Thread.join",
            "java.lang.Thread.sleep",
            "java.lang.Thread.sleep0",
            "java.util.concurrent.TimeUnit.sleep",
            // application servers' own worker pools between requests (a pileup of idle workers is no incident:
            // seen in JMC's WebLogic recording wldf.jfr)
            "weblogic.work.ExecuteThread.waitForRequest",
            "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.idleJobPoll",
            "org.apache.tomcat.util.threads.TaskQueue.take",
            "org.apache.tomcat.util.threads.TaskQueue.poll",
            "io.netty.util.concurrent.SingleThreadEventExecutor.takeTask",
            "io.undertow.server.XnioWorker.run");

    /** Classes whose frames, anywhere in the stack, mean the thread is a JDK or JFR housekeeping thread. */
    private static final String[] HOUSEKEEPING_PREFIXES = {"jdk.jfr.", "jdk.internal.ref.", "sun.rmi.", "jdk.management."};

    /** The blocking-queue methods a consumer calls to wait for its next item. */
    private static final Set<String> QUEUE_WAIT_METHODS = Set.of("take", "poll", "takeFirst", "takeLast",
            "pollFirst", "pollLast", "transfer", "exchange");

    private WaitClassifier() {
    }

    static WaitCategory classify(ContentionKind kind, String lockClass, int stack, StackTable stacks,
                                 StackFeatures features) {
        int[] frames = stacks.frameIds(stack);
        if (isIdleLoop(frames, features)) {
            return WaitCategory.IDLE;
        }
        switch (kind) {
            case MONITOR_ENTER:
                return WaitCategory.LOCK;
            case MONITOR_WAIT:
                return isConsumerWaitingForWork(frames, features) ? WaitCategory.IDLE : WaitCategory.WAIT;
            case PARK:
            default:
                if (isLockSynchronizer(lockClass)) {
                    return WaitCategory.LOCK;
                }
                return isConsumerWaitingForWork(frames, features) ? WaitCategory.IDLE : WaitCategory.WAIT;
        }
    }

    /** What one frame says about a wait: computed once per distinct frame by {@link StackFeatures}. */
    static byte frameFlags(Frame frame) {
        byte f = StackFeatures.WAIT_COMPUTED;
        if (IDLE_LOOP_METHODS.contains(frame.qualifiedMethod())) {
            f |= StackFeatures.WAIT_IDLE_LOOP;
        }
        for (String prefix : HOUSEKEEPING_PREFIXES) {
            if (frame.className().startsWith(prefix)) {
                f |= StackFeatures.WAIT_IDLE_LOOP;
            }
        }
        if (isBlockingQueue(frame.className()) && QUEUE_WAIT_METHODS.contains(frame.methodName())) {
            f |= StackFeatures.WAIT_QUEUE_METHOD;
        }
        if (frame.isApplicationCode()) {
            f |= StackFeatures.WAIT_APPLICATION;
        }
        return f;
    }

    /**
     * A {@code java.util.concurrent} synchronizer that guards a resource: the lock of a {@code ReentrantLock},
     * either side of a {@code ReentrantReadWriteLock}, a {@code Semaphore}, a {@code StampedLock}. Conditions,
     * latches, futures and barriers are waits for another party, not contention.
     */
    static boolean isLockSynchronizer(String lockClass) {
        if (lockClass == null || lockClass.isEmpty()) {
            return false;
        }
        if (lockClass.startsWith("java.util.concurrent.locks.ReentrantLock")
                || lockClass.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock")
                || lockClass.startsWith("java.util.concurrent.Semaphore")
                || lockClass.startsWith("java.util.concurrent.locks.StampedLock")) {
            return true;
        }
        if (lockClass.contains("ConditionObject") || lockClass.startsWith("java.util.concurrent.CountDownLatch")
                || lockClass.startsWith("java.util.concurrent.CompletableFuture")
                || lockClass.startsWith("java.util.concurrent.FutureTask")
                || lockClass.startsWith("java.util.concurrent.CyclicBarrier")
                || lockClass.startsWith("java.util.concurrent.Phaser")) {
            return false;
        }
        // Application synchronizers built on AQS (a lock's Sync, a pool's permits) name themselves *Sync.
        return lockClass.endsWith("Sync") || lockClass.endsWith("Lock") || lockClass.endsWith("Semaphore");
    }

    private static boolean isIdleLoop(int[] frames, StackFeatures features) {
        for (int id : frames) {
            if ((features.waitFlags(id) & StackFeatures.WAIT_IDLE_LOOP) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A thread waiting on a blocking queue with a single application frame on its stack is a consumer at the top
     * of its own loop, waiting for work. A request thread borrowing from a pool has more application frames
     * below the wait (the request handler calling the pool), so it stays a wait.
     */
    private static boolean isConsumerWaitingForWork(int[] frames, StackFeatures features) {
        boolean queueWait = false;
        int applicationFrames = 0;
        for (int id : frames) {
            byte f = features.waitFlags(id);
            if ((f & StackFeatures.WAIT_APPLICATION) != 0) {
                applicationFrames++;
            } else if (applicationFrames == 0 && (f & StackFeatures.WAIT_QUEUE_METHOD) != 0) {
                queueWait = true;
            }
        }
        return queueWait && applicationFrames <= 1;
    }

    private static boolean isBlockingQueue(String className) {
        return className.startsWith("java.util.concurrent.")
                && (className.contains("Queue") || className.contains("Deque") || className.endsWith("Exchanger"));
    }
}
