package org.jfrtriage.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.jfrtriage.analyzer.Analyzer;
import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.RecordingInfo;
import org.jfrtriage.report.CsvReport;
import org.jfrtriage.report.DiffReport;
import org.jfrtriage.report.FlameGraphs;
import org.jfrtriage.report.Format;
import org.jfrtriage.report.HtmlReport;
import org.jfrtriage.report.JsonReport;
import org.jfrtriage.rules.Playbook;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.compare.Comparison;

/**
 * Analyses recordings and comparisons on a bounded pool of workers (each analysis holds a profile in memory, so
 * the pool size bounds the heap the server needs), and writes their outputs to the store. Nothing here throws to a
 * request: a recording that cannot be read ends {@code FAILED} with one readable line.
 */
public final class Analyses implements AutoCloseable {
    static final String REPORT_JSON = "report.json";
    static final String FINDINGS_CSV = "findings.csv";
    static final String REPORT_HTML = "report.html";
    static final String VIEW_JSON = "view.json";
    static final String DIFF_JSON = "diff.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingStore store;
    private final ThreadPoolExecutor workers;
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Path>> diffs = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();

    final AtomicLong analysesDone = new AtomicLong();
    final AtomicLong analysesFailed = new AtomicLong();
    final AtomicLong analysisMillis = new AtomicLong();
    final AtomicLong bytesAnalyzed = new AtomicLong();

    public Analyses(RecordingStore store, int workerCount) {
        this.store = store;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "jfrtriage-analysis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Queues every recording a previous run left unanalyzed. */
    public void resume() {
        for (RecordingMeta m : store.list()) {
            if (m.status() == RecordingMeta.Status.QUEUED || m.status() == RecordingMeta.Status.ANALYZING) {
                submit(m.withStatus(RecordingMeta.Status.QUEUED, null));
            }
        }
    }

    public void submit(RecordingMeta meta) {
        store.update(meta.withStatus(RecordingMeta.Status.QUEUED, null));
        queued.incrementAndGet();
        workers.execute(() -> {
            queued.decrementAndGet();
            analyze(meta.id());
        });
    }

    /** Recordings waiting for a worker. */
    public int queueLength() {
        return queued.get();
    }

    /** Bytes per millisecond this server has analyzed so far, or a typical figure before its first analysis. */
    double bytesPerMilli() {
        long ms = analysisMillis.get();
        return ms < 200 ? TYPICAL_BYTES_PER_MS : (double) bytesAnalyzed.get() / ms;
    }

    /** About 100 MB/s: a 500 MB recording with its report and graphs on two cores. */
    private static final double TYPICAL_BYTES_PER_MS = 100_000;

    /** Epoch ms when the recording's analysis started, if it is running. */
    public Long startedAt(String id) {
        return startedAt.get(id);
    }

    void analyze(String id) {
        RecordingMeta meta = store.get(id).orElse(null);
        if (meta == null) {
            return; // deleted while queued
        }
        long start = System.currentTimeMillis();
        startedAt.put(id, start);
        store.update(meta.withStatus(RecordingMeta.Status.ANALYZING, null));
        try {
            Triage triage = triage(meta);
            store.writeOutput(id, REPORT_JSON, JsonReport.render(triage));
            store.writeOutput(id, FINDINGS_CSV, CsvReport.render(triage));
            // the graphs are built once: view.json (script-safe) as they are made, then the page copies it as it is
            store.writeOutput(id, VIEW_JSON, out -> HtmlReport.writeData(triage, out));
            store.writeOutput(id, REPORT_HTML, out -> {
                try (java.io.Reader view = Files.newBufferedReader(store.output(id, VIEW_JSON), java.nio.charset.StandardCharsets.UTF_8)) {
                    HtmlReport.write(triage, out, view);
                }
            });
            long took = System.currentTimeMillis() - start;
            RecordingMeta.Summary summary = summary(triage, took);
            store.update(meta.done(summary));
            System.err.printf("jfrtriage serve: analyzed %s (%s, %s) in %d ms: %s%n", meta.id(), meta.name(),
                    org.jfrtriage.rules.model.Units.bytes(meta.size()), took, summary.topFinding());
            analysesDone.incrementAndGet();
            analysisMillis.addAndGet(took);
            bytesAnalyzed.addAndGet(meta.size());
        } catch (RecordingException e) {
            fail(meta, readable(e.getMessage(), meta));
        } catch (OutOfMemoryError e) {
            fail(meta, "the analysis needs more memory than this server's heap (" + Runtime.getRuntime().maxMemory() / 1048576
                    + " MB); run `jfrtriage analyze` on it with a larger -Xmx, or start serve with fewer --workers");
        } catch (IOException e) {
            fail(meta, "the analysis could not be saved: " + e.getMessage());
        } catch (RuntimeException e) {
            fail(meta, "the analysis failed: " + e);
        } finally {
            startedAt.remove(id);
        }
    }

    private void fail(RecordingMeta meta, String why) {
        analysesFailed.incrementAndGet();
        System.err.printf("jfrtriage serve: could not analyze %s (%s): %s%n", meta.id(), meta.name(), why);
        store.get(meta.id()).ifPresent(m -> store.update(m.withStatus(RecordingMeta.Status.FAILED, why)));
    }

    /** The reader's messages start with the file's path; a person knows it by its name. */
    private String readable(String message, RecordingMeta meta) {
        String path = store.file(meta.id()).toString();
        return message == null ? "cannot be read" : message.replace(path, meta.name());
    }

    private Triage triage(RecordingMeta meta) throws RecordingException {
        Profile profile = new Analyzer().analyze(store.file(meta.id()), meta.name());
        return Playbook.standard().run(profile);
    }

    static RecordingMeta.Summary summary(Triage triage, long analysisMs) {
        RecordingInfo info = triage.profile().info();
        String jvm = (info.jvm().version() + " " + info.jvm().vendor()).trim();
        return new RecordingMeta.Summary(triage.worstSeverity().label(), triage.verdict(), triage.findings().size(),
                info.producer(), jvm, info.durationNanos() / 1_000_000L, info.startNanos() / 1_000_000L, info.complete(),
                analysisMs);
    }

    /**
     * The comparison of two analyzed recordings: its folder holds {@code diff.json} (the CLI's diff JSON) and
     * {@code view.json} (differential flame graphs). Computed once on the worker pool, then read from disk.
     */
    public CompletableFuture<Path> diff(RecordingMeta before, RecordingMeta after) {
        Path dir = store.diffDir(before.id(), after.id());
        if (Files.isRegularFile(dir.resolve(DIFF_JSON)) && Files.isRegularFile(dir.resolve(VIEW_JSON))) {
            return CompletableFuture.completedFuture(dir);
        }
        String key = dir.getFileName().toString();
        CompletableFuture<Path> running = diffs.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
                try {
                    // one side at a time, each kept as its findings and graph trees: never two profiles at once
                    Triage b = triage(before);
                    FlameGraphs.DiffTrees bt = FlameGraphs.diffTrees(b.profile());
                    b = new Triage(b.profile().withoutTables(), b.findings(), b.checks());
                    Triage a = triage(after);
                    FlameGraphs.DiffTrees at = FlameGraphs.diffTrees(a.profile());
                    a = new Triage(a.profile().withoutTables(), a.findings(), a.checks());
                    Comparison c = Comparison.of(b, a);
                    RecordingStore.writeAtomically(dir.resolve(VIEW_JSON), out -> {
                        com.fasterxml.jackson.core.JsonGenerator json = JSON.getFactory().createGenerator(out);
                        json.writeStartObject();
                        json.writeArrayFieldStart("graphs");
                        FlameGraphs.writeDiff(bt, at, json);
                        json.writeEndArray();
                        json.writeEndObject();
                        json.close();
                    });
                    RecordingStore.writeAtomically(dir.resolve(DIFF_JSON), DiffReport.render(c, Format.JSON));
                    return dir;
                } catch (RecordingException | IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, workers));
        running.whenComplete((p, e) -> diffs.remove(key, running)); // a failed one is tried again next time
        return running;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
