package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.WaitCategory;

class WaitClassifierTest {
    private final StackTable stacks = new StackTable();
    private final StackFeatures features = new StackFeatures(stacks);

    private WaitCategory classify(ContentionKind kind, String lockClass, String... frames) {
        return WaitClassifier.classify(kind, lockClass, Stacks.stack(stacks, frames), stacks, features);
    }

    private static final String[] PARK = {"jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park"};

    private WaitCategory park(String lockClass, String... below) {
        String[] frames = new String[PARK.length + below.length];
        System.arraycopy(PARK, 0, frames, 0, PARK.length);
        System.arraycopy(below, 0, frames, PARK.length, below.length);
        return classify(ContentionKind.PARK, lockClass, frames);
    }

    @Test
    void monitorsAreLocksUnlessTheThreadIsIdleByDesign() {
        assertThat(classify(ContentionKind.MONITOR_ENTER, "com.acme.Book", "com.acme.Book.quote", "java.lang.Thread.run"))
                .isEqualTo(WaitCategory.LOCK);
        assertThat(classify(ContentionKind.MONITOR_ENTER, "java.lang.Object", "jdk.jfr.internal.PlatformRecorder.periodicTask"))
                .isEqualTo(WaitCategory.IDLE);
        assertThat(classify(ContentionKind.MONITOR_WAIT, "java.lang.Object", "java.lang.Object.wait", "java.lang.Thread.join",
                "com.acme.Main.main")).isEqualTo(WaitCategory.IDLE);
        assertThat(classify(ContentionKind.MONITOR_WAIT, "java.lang.ref.ReferenceQueue$Lock", "java.lang.Object.wait",
                "java.lang.ref.ReferenceQueue.remove")).isEqualTo(WaitCategory.IDLE);
        assertThat(classify(ContentionKind.MONITOR_WAIT, "com.acme.Pool", "java.lang.Object.wait", "com.acme.Pool.borrow",
                "com.acme.Handler.handle")).isEqualTo(WaitCategory.WAIT);
        assertThat(classify(ContentionKind.MONITOR_ENTER, "x", "sun.rmi.transport.Transport.serviceCall")).isEqualTo(WaitCategory.IDLE);
        assertThat(classify(ContentionKind.MONITOR_ENTER, "x", "jdk.internal.ref.CleanerImpl.run")).isEqualTo(WaitCategory.IDLE);
        assertThat(classify(ContentionKind.MONITOR_ENTER, "x", "jdk.management.Agent.run")).isEqualTo(WaitCategory.IDLE);
    }

    @Test
    void parkedOnALockSynchronizerIsALock() {
        for (String lock : new String[] {"java.util.concurrent.locks.ReentrantLock$NonfairSync",
                "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync", "java.util.concurrent.Semaphore$NonfairSync",
                "java.util.concurrent.locks.StampedLock", "com.acme.Pool$Sync", "com.acme.SpinLock", "com.acme.RateSemaphore"}) {
            assertThat(park(lock, "com.acme.Store.read", "com.acme.Handler.handle")).as(lock).isEqualTo(WaitCategory.LOCK);
            assertThat(WaitClassifier.isLockSynchronizer(lock)).as(lock).isTrue();
        }
        for (String other : new String[] {"java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
                "java.util.concurrent.CountDownLatch$Sync", "java.util.concurrent.CompletableFuture$Signaller",
                "java.util.concurrent.FutureTask", "java.util.concurrent.CyclicBarrier", "java.util.concurrent.Phaser",
                "com.acme.Mailbox", "", null}) {
            assertThat(WaitClassifier.isLockSynchronizer(other)).as(String.valueOf(other)).isFalse();
            assertThat(park(other, "com.acme.Api.call", "com.acme.Handler.handle")).as(String.valueOf(other)).isEqualTo(WaitCategory.WAIT);
        }
    }

    @Test
    void aConsumerAtTheTopOfItsLoopIsIdleARequestBorrowingIsAWait() {
        String condition = "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject";
        assertThat(park(condition, "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await",
                "java.util.concurrent.LinkedBlockingQueue.take", "com.acme.Consumer.run", "java.lang.Thread.run"))
                .isEqualTo(WaitCategory.IDLE);
        assertThat(park(condition, "java.util.concurrent.LinkedBlockingQueue.take")).isEqualTo(WaitCategory.IDLE);
        assertThat(park(condition, "java.util.concurrent.LinkedBlockingQueue.take", "com.acme.Pool.borrow", "com.acme.Handler.handle"))
                .isEqualTo(WaitCategory.WAIT);
        assertThat(park(condition, "com.acme.Consumer.run", "java.util.concurrent.LinkedBlockingQueue.take"))
                .isEqualTo(WaitCategory.WAIT); // the queue call is below the application frame: not the wait
        assertThat(park(condition, "java.util.concurrent.LinkedBlockingQueue.put", "com.acme.Producer.run"))
                .isEqualTo(WaitCategory.WAIT);
        for (String queueCall : new String[] {"java.util.concurrent.SynchronousQueue.poll", "java.util.concurrent.LinkedBlockingDeque.takeFirst",
                "java.util.concurrent.LinkedBlockingDeque.pollLast", "java.util.concurrent.LinkedTransferQueue.transfer",
                "java.util.concurrent.Exchanger.exchange", "java.util.concurrent.ArrayBlockingQueue.poll"}) {
            assertThat(park("java.util.concurrent.SynchronousQueue$TransferStack", queueCall, "com.acme.Consumer.run")).as(queueCall)
                    .isEqualTo(WaitCategory.IDLE);
        }
        assertThat(park("com.acme.Mailbox", "com.acme.MailQueue.take", "com.acme.Consumer.run")).isEqualTo(WaitCategory.WAIT);
        assertThat(park("com.acme.Mailbox", "java.util.PriorityQueue.poll", "com.acme.Consumer.run")).isEqualTo(WaitCategory.WAIT);
        assertThat(park("com.acme.Mailbox", "java.util.concurrent.ConcurrentHashMap.take", "com.acme.Consumer.run"))
                .isEqualTo(WaitCategory.WAIT); // java.util.concurrent, but not a queue
        assertThat(classify(ContentionKind.MONITOR_WAIT, "java.lang.Object", "java.lang.Object.wait",
                "java.util.concurrent.LinkedBlockingQueue.take", "com.acme.Consumer.run")).isEqualTo(WaitCategory.IDLE);
        assertThat(park(condition, "java.util.concurrent.ThreadPoolExecutor.getTask", "java.util.concurrent.ThreadPoolExecutor.runWorker"))
                .isEqualTo(WaitCategory.IDLE);
        assertThat(park("java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinPool.awaitWork")).isEqualTo(WaitCategory.IDLE);
    }
}
