/**
 * Aggregation: {@link org.jfrtriage.analyzer.profile.ProfileBuilder} is the sink that folds events, in one pass,
 * into a {@link org.jfrtriage.analyzer.profile.Profile} (contention sites and intervals, CPU and wall samples per
 * stack, allocation tables, GC pauses, CPU usage, exceptions by site, a per-second timeline, map-write
 * concurrency, per-stack features, what the recording says about itself);
 * {@link org.jfrtriage.analyzer.profile.EventWindow} does the same for the last minutes of a live stream.
 *
 * <p>Owns: what is measured and how (the windows that define a measure live beside it), in memory bounded by
 * distinct stacks, sites and seconds. Must not touch: readers or {@code jdk.jfr} types (it only sees events), and
 * judgement — limits that turn a measure into a verdict belong to the rules.
 */
package org.jfrtriage.analyzer.profile;
