/**
 * The records every source pushes — {@link org.jfrtriage.analyzer.event.ContentionEvent},
 * {@link org.jfrtriage.analyzer.event.ExecutionSample}, {@link org.jfrtriage.analyzer.event.AllocationSample},
 * {@link org.jfrtriage.analyzer.event.GcPause}, {@link org.jfrtriage.analyzer.event.JvmInfo}, CPU load and thrown
 * exceptions — the one interface they are pushed to ({@link org.jfrtriage.analyzer.event.EventSink}), and the
 * names and kinds they carry (event and class names across JDK versions, contention and sample kinds, wait
 * categories, secrets in command lines).
 *
 * <p>Owns: what an event is, independent of who read it. Must not touch: any reader or {@code jdk.jfr} type (a
 * reader converts before it pushes), and aggregation. Depends only on {@code table} (the ids events carry).
 */
package org.jfrtriage.analyzer.event;
