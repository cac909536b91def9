/**
 * Format 0.9: what Oracle JDK 7u40–8u and JRockit R28 wrote (JMC's parser calls it "v0"). Big-endian and
 * fixed-width; each producer (the JVM, the Java runtime, the recorder itself) describes its event types, its
 * structs and its constant pools ("content types") in a metadata event at the end of the chunk, and constant
 * pools come in checkpoint events chained from the chunk's trailer. Read here into the same records the
 * format 1.0/2.x readers make, for the events the playbook uses.
 *
 * <p>Only {@code V0Reader} is public. Must not touch: {@code jdk.jfr} (it cannot read this format), aggregation
 * or judgement.
 */
package org.jfrtriage.analyzer.read.v0;
