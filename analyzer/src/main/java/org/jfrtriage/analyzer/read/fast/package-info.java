/**
 * Our own streaming JFR parser, metadata-driven: each chunk's metadata says how its events and constant pools
 * are laid out, so JDK 17, JDK 25 and async-profiler files are read by the same code. Events the analysis does
 * not use are skipped by their size prefix without decoding; constant-pool entries are indexed by position and
 * decoded only when an event refers to them, once per chunk. {@code read.JdkRecordingReader} is the reference
 * it is tested against.
 */
package org.jfrtriage.analyzer.read.fast;
