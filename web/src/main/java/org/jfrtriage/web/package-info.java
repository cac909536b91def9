/**
 * {@code jfrtriage serve}: the Jetty web app. {@link org.jfrtriage.web.WebApp} is the route table (path, method,
 * who may reach it) over one handler per URL family of the contract — {@code RecordingRoutes} (upload, list,
 * report, view, delete), {@code DiffRoutes}, {@code JvmRoutes} (live JVMs on this host), {@code LoginRoutes},
 * {@code AssetRoutes}, {@code MetricsRoutes}; {@code UploadOutcome} maps every upload ending to its status code in
 * one place; {@code Guard} checks sign-in and origin; {@code RecordingStore} and {@code Analyses} keep users'
 * recordings and run the playbook on a bounded pool.
 *
 * <p>Owns: HTTP, sessions, the store on disk and its limits. Must not touch: reading recordings or judging them
 * (it calls the analyzer, the rules and the report), or Prometheus text by hand ({@code report.MetricFamilies}
 * renders it for serve, watch and the agent alike).
 */
package org.jfrtriage.web;
