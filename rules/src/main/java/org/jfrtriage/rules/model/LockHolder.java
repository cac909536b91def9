package org.jfrtriage.rules.model;

import java.util.List;

/**
 * One entry of a finding's {@code blockedBy}: a thread that held the lock while others waited (CONTRACT.md).
 *
 * @param blockedMs waiting by other threads while this one held the lock
 * @param share that waiting as a fraction of all the waiting of the finding (0–1)
 * @param state what it was doing while holding it: running, parked, waiting, blocked, sleeping, io, unknown
 * @param frames what it was doing, innermost first (its most frequent stack while holding the lock)
 * @param source the strongest evidence that it held it: {@code monitor-owner}, {@code thread-dump} or {@code samples}
 * @param samples its stack samples while holding the lock; {@code stackSamples} of them at {@code frames}' activity
 */
public record LockHolder(String thread, long blockedMs, double share, String state, List<SiteRef> frames,
                         String source, int samples, int stackSamples) {
    public LockHolder {
        frames = List.copyOf(frames);
    }
}
