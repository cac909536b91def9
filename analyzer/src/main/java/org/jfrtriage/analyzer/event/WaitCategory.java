package org.jfrtriage.analyzer.event;

/**
 * What a blocked or parked thread was waiting for. Only {@link #LOCK} is lock contention; idle threads waiting
 * for work are not a problem and are kept out of every ranking.
 */
public enum WaitCategory {
    /** Contention: a monitor, a {@code ReentrantLock}, a read/write lock, a semaphore's permits. */
    LOCK,
    /** Waiting for another party: a condition, a future, a latch, a queue a request thread borrows from. */
    WAIT,
    /** Idle: a pool worker waiting for a task, a consumer at the top of its loop, a timer or reference handler. */
    IDLE
}
