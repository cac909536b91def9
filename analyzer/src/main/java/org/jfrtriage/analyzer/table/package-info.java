/**
 * The dense int ids events refer to: {@link org.jfrtriage.analyzer.table.StackTable} (frames and stacks, stacks
 * interned by hash in one int pool), {@link org.jfrtriage.analyzer.table.ThreadTable} (threads by name and id),
 * the {@link org.jfrtriage.analyzer.table.Frame} and {@link org.jfrtriage.analyzer.table.FrameType} a stack is
 * made of, {@link org.jfrtriage.analyzer.table.LongIntMap}, the primitive map every id lookup goes through, and
 * {@link org.jfrtriage.analyzer.table.IndexSort}, the stable sort of int indices the profile and the rules share.
 * A sink owns its tables; readers fill them, the profile and the rules read them.
 *
 * <p>Owns: interning and its memory bounds. Must not touch: events, readers, profiles or {@code jdk.jfr} — it
 * depends on nothing else of ours.
 */
package org.jfrtriage.analyzer.table;
