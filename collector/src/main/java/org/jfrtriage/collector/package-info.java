/**
 * Live JVMs on this host: finding them, and recording them with JFR through the Attach API and the JVM's own
 * local JMX agent ({@code FlightRecorderMXBean}). No analysis here: a recording is a file the analyzer reads.
 * Every recording started in a target has its own duration, so it stops by itself even if this process dies.
 */
package org.jfrtriage.collector;
