/**
 * Reading recording files into an {@link org.jfrtriage.analyzer.event.EventSink}: the chunk headers
 * ({@link org.jfrtriage.analyzer.read.ChunkLayout}, {@link org.jfrtriage.analyzer.read.ChunkHeaderCheck}), event
 * counts as {@code jfr summary} makes them ({@link org.jfrtriage.analyzer.read.EventCensus}), compressed files
 * ({@link org.jfrtriage.analyzer.read.InflatedRecording}), and the reference reader on {@code jdk.jfr.consumer}
 * ({@link org.jfrtriage.analyzer.read.JdkRecordingReader}). Our own readers are in {@code read.fast} (JFR 1.x and
 * 2.x) and {@code read.v0} (0.9).
 *
 * <p>{@code jdk.jfr} types appear in this package only, in {@code JdkRecordingReader}: its public
 * {@code RecordedEventNormalizer.accept(RecordedEvent)} is the one place they cross into the analyzer — the
 * collector's {@code watch} and the agent feed it live {@code RecordedEvent}s. Must not touch: aggregation or
 * judgement; a reader turns each event into our records at once and keeps no JDK object.
 */
package org.jfrtriage.analyzer.read;
