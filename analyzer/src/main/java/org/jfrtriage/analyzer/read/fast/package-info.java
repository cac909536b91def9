/**
 * Our own streaming JFR parser, metadata-driven: each chunk's metadata says how its events and constant pools
 * are laid out, so JDK 17, JDK 25 and async-profiler files are read by the same code. Events the analysis does
 * not use are skipped by their size prefix without decoding; constant-pool entries are indexed by position and
 * decoded only when an event refers to them, once per chunk. {@code read.JdkRecordingReader} is the reference
 * it is tested against.
 *
 * <p>A chunk's life in {@link org.jfrtriage.analyzer.read.fast.FastJfrReader}: {@code ChunkBytes} (its bytes, copied
 * into a reused buffer or mapped), {@code ChunkIndex} (metadata and constant pools; both ahead on a second thread or
 * inline), {@code EventDispatch} (type id → decoder → handler, the hot
 * loop), {@code ChunkState} (complete, cut or damaged, and why), which the read summary is made of. The events it
 * decodes are the ones {@code EventDecoders}' immutable table names.
 *
 * <p>Only {@code FastJfrReader} is public. Must not touch: {@code jdk.jfr} (this reader is what we compare with
 * it), aggregation or judgement.
 */
package org.jfrtriage.analyzer.read.fast;
