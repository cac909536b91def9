/**
 * The analyzer's front door: {@link org.jfrtriage.analyzer.Analyzer} turns a recording file (JFR 0.9, 1.x or 2.x,
 * plain, gzip'd or zipped) into a {@link org.jfrtriage.analyzer.profile.Profile}, choosing the reader;
 * {@link org.jfrtriage.analyzer.RecordingException} is every "cannot read this" it reports.
 *
 * <p>Owns: choosing and running a reader. Must not touch: parsing (the {@code read} packages) or aggregation
 * ({@code profile}) itself. The analyzer is the bottom layer: nothing in it knows rules, reports, the collector or
 * the web app.
 */
package org.jfrtriage.analyzer;
