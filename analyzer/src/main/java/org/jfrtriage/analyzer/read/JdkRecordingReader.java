package org.jfrtriage.analyzer.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import org.jfrtriage.analyzer.RecordingException;
import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventNames;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThreadActivity;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.event.VirtualThreadPin;
import org.jfrtriage.analyzer.event.VmOperation;

/**
 * The reference reader: {@code jdk.jfr.consumer.RecordingFile}, the JDK's own parser. Correct by definition and
 * slower than {@link FastJfrReader}; tests run both on every sample recording and compare the profiles.
 *
 * <p>Stacks are interned by the identity of the {@link RecordedStackTrace}: the JDK parser resolves each
 * constant-pool entry once per chunk, so frames are walked once per distinct stack, not once per event.
 */
public final class JdkRecordingReader implements RecordingReader {

    /**
     * Identity caches are dropped past this size so a many-chunk file cannot grow them without bound. jdk.jfr makes new
     * objects for each chunk, so entries of chunks read before are never hit again, and each keeps its stack's frames
     * alive: at 200,000 the park-heavy 500 MB file ran out of a 512 MB heap (952 MB RSS at -Xmx3g); at 20,000 it reads
     * in a 256 MB one (497 MB RSS at -Xmx3g, 14.4 -> 13.8 s; the dense file 1,476 -> 770 MB, 17.7 -> 15.8 s). At 5,000
     * both took ~17.8 s: stacks walked again within a chunk.
     */
    private static final int IDENTITY_CACHE_LIMIT = 20_000;
    private static final String[] UNKNOWN_METHOD = {"", "unknown"};

    @Override
    public void read(Path file, EventSink sink) throws RecordingException {
        ChunkHeaderCheck.Result checked = ChunkHeaderCheck.check(ChunkLayout.read(file));
        RecordedEventNormalizer normalizer = new RecordedEventNormalizer(sink);
        normalizer.warnings.addAll(checked.warnings());
        normalizer.run(file, checked.layout());
    }

    /**
     * Turns {@link RecordedEvent}s into our records for a sink — from a file here, or from a live
     * {@code RecordingStream} / {@code RemoteRecordingStream} (the collector's watch mode). Keeps no event.
     * Not thread-safe: one stream's events at a time, as JFR streams deliver them.
     */
    public static final class RecordedEventNormalizer {
        private final EventSink sink;
        private final StackTable stacks;
        private final ThreadTable threads;
        private final Map<RecordedStackTrace, Integer> stackIds = new IdentityHashMap<>();
        private final Map<RecordedThread, Integer> threadIds = new IdentityHashMap<>();
        private final Map<RecordedClass, String> classNames = new IdentityHashMap<>();
        private final Map<RecordedMethod, String[]> methods = new IdentityHashMap<>();
        private final Map<EventType, Handler> handlers = new IdentityHashMap<>();
        private final Map<EventType, long[]> counts = new IdentityHashMap<>();
        private final Map<Long, String> eventNamesById = new HashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private String producer = "jdk";

        public RecordedEventNormalizer(EventSink sink) {
            this.sink = sink;
            this.stacks = sink.stacks();
            this.threads = sink.threads();
        }

        /** Normalizes one event (a live stream's; a file's go through {@link #run}). */
        public void accept(RecordedEvent event) {
            EventType type = event.getEventType();
            long[] count = counts.get(type);
            if (count == null) {
                count = new long[1];
                counts.put(type, count);
                eventNamesById.put(type.getId(), type.getName());
                if (type.getName().startsWith("profiler.")) {
                    producer = "async-profiler";
                }
            }
            count[0]++;
            handlers.computeIfAbsent(type, t -> handlerFor(EventNames.canonical(t.getName()))).handle(this, event);
        }

        /** Events seen so far by type name. */
        public Map<String, Long> eventCounts() {
            Map<String, Long> byName = new TreeMap<>();
            counts.forEach((type, n) -> byName.merge(type.getName(), n[0], Long::sum));
            return byName;
        }

        public String producer() {
            return producer;
        }

        void run(Path file, ChunkLayout layout) throws RecordingException {
            ChunkHeaderCheck.reportSpans(layout, sink);
            boolean complete = layout.isComplete();
            long events = 0;
            long completeBytes = layout.completeBytes();
            Path scratch = null;
            try {
                Path readable = file;
                if (!complete && completeBytes > 0) {
                    // jdk.jfr reads nothing of a file whose last chunk is cut: it gets the whole chunks before the cut
                    scratch = Files.createTempDirectory("jfrtriage-chunks-");
                    readable = wholeChunks(file, completeBytes, scratch.resolve("complete-chunks.jfr"));
                }
                if (completeBytes > 0) {
                    try (RecordingFile recording = new RecordingFile(readable)) {
                        for (EventType type : recording.readEventTypes()) {
                            eventNamesById.put(type.getId(), type.getName());
                            if (type.getName().startsWith("profiler.")) {
                                producer = "async-profiler";
                            }
                        }
                        while (recording.hasMoreEvents()) {
                            accept(recording.readEvent());
                            events++;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the file starts like a recording (ChunkLayout checked), so this is damage, not the wrong file
                complete = false;
                warnings.add(String.format("the recording is damaged: the JDK's parser stopped after %,d events and the "
                        + "rest was not analyzed (--engine fast may read further)", events));
            } catch (OutOfMemoryError e) {
                // not damage: the heap is too small for this parser on this file (it keeps far more than ours);
                // the command's handler says so and how to give it more
                throw e;
            } catch (Error e) {
                // jdk.jfr reports some damaged constant pools with an InternalError: not a recording we can read
                throw new RecordingException(file + ": the JDK's parser (--engine jdk) cannot read this recording, it "
                        + "reports damaged constant pools after " + events + " events; try --engine fast");
            } finally {
                deleteQuietly(scratch);
            }
            if (!layout.isComplete()) {
                complete = false;
                warnings.add(String.format("recording is incomplete: %d of %d bytes are in complete chunks; the rest was not analyzed",
                        layout.completeBytes(), layout.fileSize()));
            }
            // counted from the event records as `jfr summary` does: RecordingFile drops some other producers' events
            Map<String, Long> byName = eventCounts();
            try {
                EventCensus.Counts census = EventCensus.count(file, layout, eventNamesById);
                byName = census.byName();
                if (census.undescribed() > 0) {
                    warnings.add(EventCensus.undescribedWarning(census.undescribed()));
                }
            } catch (IOException e) {
                // keep the counts of the events read
            }
            sink.onFinish(new EventSink.ReadSummary(producer, complete,
                    complete ? layout.fileSize() : layout.completeBytes(), layout.fileSize(),
                    (int) layout.chunks().stream().filter(ChunkLayout.Chunk::complete).count(), List.copyOf(warnings), byName));
        }

        /** The first {@code bytes} of {@code file} (its whole chunks, which come first) copied to {@code target}. */
        private static Path wholeChunks(Path file, long bytes, Path target) throws IOException {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < bytes) {
                    long n = in.transferTo(done, bytes - done, out);
                    if (n <= 0) {
                        throw new IOException("the file became shorter while it was read");
                    }
                    done += n;
                }
            }
            return target;
        }

        private static void deleteQuietly(Path dir) {
            if (dir == null) {
                return;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                dir.toFile().deleteOnExit();
            }
        }

        int stack(RecordedEvent event) {
            RecordedStackTrace trace = event.getStackTrace();
            if (trace == null) {
                return StackTable.UNKNOWN;
            }
            Integer known = stackIds.get(trace);
            if (known != null) {
                return known;
            }
            List<RecordedFrame> recordedFrames = trace.getFrames();
            int[] frameIds = new int[recordedFrames.size()];
            for (int i = 0; i < frameIds.length; i++) {
                RecordedFrame f = recordedFrames.get(i);
                String[] names = methodNames(f.getMethod());
                frameIds[i] = stacks.frameId(new Frame(names[0], names[1], f.getLineNumber(), FrameType.fromRecorded(f.getType())));
            }
            int id = stacks.stackId(frameIds, trace.isTruncated());
            if (stackIds.size() >= IDENTITY_CACHE_LIMIT) {
                stackIds.clear();
            }
            stackIds.put(trace, id);
            return id;
        }

        /** Class and method name of a method, once per method object (the parser shares them within a chunk). */
        String[] methodNames(RecordedMethod method) {
            if (method == null) {
                return UNKNOWN_METHOD;
            }
            String[] names = methods.get(method);
            if (names == null) {
                names = new String[] {method.getType() == null ? "" : method.getType().getName(), method.getName()};
                if (methods.size() >= IDENTITY_CACHE_LIMIT) {
                    methods.clear();
                }
                methods.put(method, names);
            }
            return names;
        }

        int thread(RecordedThread thread) {
            if (thread == null) {
                return ThreadTable.NONE;
            }
            Integer known = threadIds.get(thread);
            if (known != null) {
                return known;
            }
            String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
            int id = threads.threadId(thread.getJavaThreadId(), name);
            if (threadIds.size() >= IDENTITY_CACHE_LIMIT) {
                threadIds.clear();
            }
            threadIds.put(thread, id);
            return id;
        }

        String className(RecordedClass recordedClass) {
            if (recordedClass == null) {
                return "";
            }
            String name = classNames.get(recordedClass);
            if (name == null) {
                name = recordedClass.getName();
                if (classNames.size() >= IDENTITY_CACHE_LIMIT) {
                    classNames.clear();
                }
                classNames.put(recordedClass, name);
            }
            return name;
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(RecordedEventNormalizer s, RecordedEvent e);
    }

    private static final Handler IGNORE = (s, e) -> { };

    private static final Map<String, Handler> HANDLERS = new LinkedHashMap<>();

    static {
        HANDLERS.put("jdk.JavaMonitorEnter", (s, e) -> s.sink.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER,
                nanos(e.getStartTime()), e.getDuration().toNanos(), s.thread(e.getThread()),
                s.className(classField(e, "monitorClass")), s.thread(threadField(e, "previousOwner")), s.stack(e),
                addressField(e))));
        HANDLERS.put("jdk.JavaMonitorWait", (s, e) -> s.sink.onContention(new ContentionEvent(ContentionKind.MONITOR_WAIT,
                nanos(e.getStartTime()), e.getDuration().toNanos(), s.thread(e.getThread()),
                s.className(classField(e, "monitorClass")), s.thread(threadField(e, "notifier")), s.stack(e))));
        HANDLERS.put("jdk.ThreadPark", (s, e) -> s.sink.onContention(new ContentionEvent(ContentionKind.PARK,
                nanos(e.getStartTime()), e.getDuration().toNanos(), s.thread(e.getThread()),
                s.className(classField(e, "parkedClass")), ThreadTable.NONE, s.stack(e), addressField(e))));
        HANDLERS.put("jdk.ExecutionSample", (s, e) -> s.sink.onExecutionSample(new ExecutionSample(nanos(e.getStartTime()),
                s.thread(threadField(e, "sampledThread")), s.stack(e), SampleKind.CPU, 1)));
        HANDLERS.put("profiler.WallClockSample", (s, e) -> s.sink.onExecutionSample(new ExecutionSample(nanos(e.getStartTime()),
                s.thread(threadField(e, "sampledThread")), s.stack(e), SampleKind.WALL,
                e.hasField("samples") ? Math.max(1, e.getInt("samples")) : 1,
                e.hasField("timeSpan") ? Math.max(0, durationField(e, "timeSpan")) : 0)));
        HANDLERS.put("jdk.ThreadSleep", (s, e) -> s.sink.onThreadActivity(nanos(e.getStartTime()), e.getDuration().toNanos(),
                s.thread(e.getThread()), ThreadActivity.SLEEP));
        HANDLERS.put("jdk.ObjectAllocationSample", (s, e) -> s.sink.onAllocation(new AllocationSample(nanos(e.getStartTime()),
                s.thread(e.getThread()), s.className(classField(e, "objectClass")), e.getLong("weight"), -1, s.stack(e),
                AllocationSample.Source.SAMPLE)));
        HANDLERS.put("jdk.ObjectAllocationInNewTLAB", (s, e) -> tlab(s, e, e.getLong("tlabSize")));
        HANDLERS.put("jdk.ObjectAllocationOutsideTLAB", (s, e) -> tlab(s, e, e.getLong("allocationSize")));
        HANDLERS.put("jdk.GarbageCollection", (s, e) -> s.sink.onGcPause(new GcPause(nanos(e.getStartTime()),
                durationField(e, "sumOfPauses"), durationField(e, "longestPause"), e.getString("name"), e.getString("cause"))));
        HANDLERS.put("jdk.JavaThreadStatistics", (s, e) -> s.sink.onThreadStatistics(nanos(e.getStartTime()),
                e.getLong("activeCount"), e.getLong("daemonCount"), longOrZero(e, "accumulatedCount"), longOrZero(e, "peakCount")));
        HANDLERS.put("jdk.ThreadStart", (s, e) -> s.sink.onThreadStart(nanos(e.getStartTime()), s.thread(threadField(e, "thread")),
                s.thread(threadField(e, "parentThread")), s.stack(e)));
        HANDLERS.put("jdk.ThreadEnd", (s, e) -> s.sink.onThreadEnd(nanos(e.getStartTime()), s.thread(threadField(e, "thread"))));
        HANDLERS.put("jdk.VirtualThreadPinned", (s, e) -> s.sink.onVirtualThreadPinned(new VirtualThreadPin(nanos(e.getStartTime()),
                e.getDuration().toNanos(), s.thread(e.getThread()), s.thread(threadField(e, "carrierThread")), s.stack(e),
                stringOrEmpty(e, "blockingOperation"), stringOrEmpty(e, "pinnedReason"))));
        HANDLERS.put("jdk.VirtualThreadSubmitFailed", (s, e) -> s.sink.onVirtualThreadSubmitFailed(nanos(e.getStartTime()),
                s.thread(e.getThread()), s.stack(e), stringOrEmpty(e, "exceptionMessage")));
        HANDLERS.put("jdk.ThreadDump", (s, e) -> s.sink.onThreadDump(nanos(e.getStartTime()), e.getString("result")));
        HANDLERS.put("jdk.JavaExceptionThrow", (s, e) -> throwable(s, e, false));
        HANDLERS.put("jdk.JavaErrorThrow", (s, e) -> throwable(s, e, true));
        HANDLERS.put("jdk.ExceptionStatistics", (s, e) -> s.sink.onThrowableCount(nanos(e.getStartTime()),
                longOrZero(e, "throwables")));
        HANDLERS.put("jdk.CPULoad", (s, e) -> s.sink.onCpuLoad(new CpuLoad(nanos(e.getStartTime()),
                doubleOrZero(e, "jvmUser"), doubleOrZero(e, "jvmSystem"), doubleOrZero(e, "machineTotal"))));
        HANDLERS.put("jdk.ThreadCPULoad", (s, e) -> s.sink.onThreadCpuLoad(new ThreadCpuLoad(nanos(e.getStartTime()),
                s.thread(e.getThread()), doubleOrZero(e, "user"), doubleOrZero(e, "system"))));
        HANDLERS.put("jdk.CPUInformation", (s, e) -> s.sink.onCpuCapacity(nanos(e.getStartTime()),
                (int) longOrZero(e, "hwThreads"), 0));
        HANDLERS.put("jdk.ContainerConfiguration", (s, e) -> s.sink.onCpuCapacity(nanos(e.getStartTime()), 0,
                longOrZero(e, "effectiveCpuCount")));
        HANDLERS.put("jdk.ContainerCPUThrottling", (s, e) -> s.sink.onCpuThrottling(nanos(e.getStartTime()),
                longOrZero(e, "cpuElapsedSlices"), longOrZero(e, "cpuThrottledSlices"), durationField(e, "cpuThrottledTime")));
        HANDLERS.put("jdk.SocketRead", (s, e) -> io(s, e, IoWait.Kind.SOCKET_READ, "bytesRead"));
        HANDLERS.put("jdk.SocketWrite", (s, e) -> io(s, e, IoWait.Kind.SOCKET_WRITE, "bytesWritten"));
        HANDLERS.put("jdk.FileRead", (s, e) -> io(s, e, IoWait.Kind.FILE_READ, "bytesRead"));
        HANDLERS.put("jdk.FileWrite", (s, e) -> io(s, e, IoWait.Kind.FILE_WRITE, "bytesWritten"));
        HANDLERS.put("jdk.ExecuteVMOperation", (s, e) -> s.sink.onVmOperation(new VmOperation(nanos(e.getStartTime()),
                e.getDuration().toNanos(), stringOrEmpty(e, "operation"), booleanOrFalse(e, "safepoint"),
                booleanOrFalse(e, "blocking"), s.thread(threadField(e, "caller")), longOrZero(e, "safepointId"))));
        HANDLERS.put("jdk.SafepointBegin", (s, e) -> safepoint(s, e, SafepointPhase.Phase.BEGIN));
        HANDLERS.put("jdk.SafepointStateSynchronization", (s, e) -> safepoint(s, e, SafepointPhase.Phase.SYNCHRONIZATION));
        HANDLERS.put("jdk.SafepointEnd", (s, e) -> safepoint(s, e, SafepointPhase.Phase.END));
        HANDLERS.put("jdk.JVMInformation", (s, e) -> {
            long pid = e.hasField("pid") ? e.getLong("pid") : -1;
            s.sink.onJvmInfo(JvmInfo.fromJvmInformation(stringOrEmpty(e, "jvmName"), stringOrEmpty(e, "jvmVersion"),
                    stringOrEmpty(e, "jvmArguments"), stringOrEmpty(e, "javaArguments"), pid));
            jdk.jfr.ValueDescriptor started = e.getEventType().getField("jvmStartTime");
            // a long of ms since 1970 (a corpus file has it a string, which getLong refuses)
            s.sink.onJvmRun(pid, started != null && "long".equals(started.getTypeName()) ? e.getLong("jvmStartTime") : 0);
        });
        HANDLERS.put("jdk.InitialSystemProperty", (s, e) -> {
            if ("java.vendor".equals(e.getString("key")) || "java.vm.vendor".equals(e.getString("key"))) {
                s.sink.onJvmInfo(new JvmInfo("", e.getString("value"), "", "", -1));
            } else if ("java.version".equals(e.getString("key"))) {
                s.sink.onJvmInfo(new JvmInfo(JvmInfo.javaVersion(e.getString("value")), "", "", "", -1));
            } else if ("java.vm.version".equals(e.getString("key"))) {
                s.sink.onJvmInfo(new JvmInfo("", "", "", "", -1, "", e.getString("value")));
            } else if ("java.vm.name".equals(e.getString("key"))) {
                s.sink.onJvmInfo(new JvmInfo("", "", "", "", -1, e.getString("value"), ""));
            }
        });
        HANDLERS.put("jdk.ActiveSetting", (s, e) -> {
            String eventName = s.eventNamesById.getOrDefault(e.getLong("id"), "");
            if (!eventName.isEmpty()) {
                s.sink.onSetting(eventName, e.getString("name"), e.getString("value"));
            }
        });
    }

    /** A TLAB allocation event, unless the sink stopped wanting them (see {@link EventSink#wantsAllocations}). */
    private static void tlab(RecordedEventNormalizer s, RecordedEvent e, long weight) {
        if (s.sink.wantsAllocations(AllocationSample.Source.TLAB)) {
            s.sink.onAllocation(new AllocationSample(nanos(e.getStartTime()), s.thread(e.getThread()),
                    s.className(classField(e, "objectClass")), weight, e.getLong("allocationSize"), s.stack(e),
                    AllocationSample.Source.TLAB));
        }
    }

    private static void throwable(RecordedEventNormalizer s, RecordedEvent e, boolean error) {
        s.sink.onThrowable(new ThrowableEvent(nanos(e.getStartTime()), s.thread(e.getThread()),
                s.className(classField(e, "thrownClass")), stringOrEmpty(e, "message"), s.stack(e), error));
    }

    private static void io(RecordedEventNormalizer s, RecordedEvent e, IoWait.Kind kind, String bytesField) {
        s.sink.onIoWait(new IoWait(kind, nanos(e.getStartTime()), e.getDuration().toNanos(), s.thread(e.getThread()), s.stack(e),
                stringOrEmpty(e, "host"), stringOrEmpty(e, "address"), (int) longOrZero(e, "port"), stringOrEmpty(e, "path"),
                longOrZero(e, bytesField)));
    }

    private static void safepoint(RecordedEventNormalizer s, RecordedEvent e, SafepointPhase.Phase phase) {
        s.sink.onSafepoint(new SafepointPhase(phase, nanos(e.getStartTime()), e.getDuration().toNanos(),
                longOrZero(e, "safepointId"), (int) longOrZero(e, "totalThreadCount")));
    }

    private static boolean booleanOrFalse(RecordedEvent e, String field) {
        return e.hasField(field) && e.getBoolean(field);
    }

    private static long longOrZero(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : 0;
    }

    private static double doubleOrZero(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getDouble(field) : 0;
    }

    private static Handler handlerFor(String eventName) {
        return HANDLERS.getOrDefault(eventName, IGNORE);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static RecordedClass classField(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getClass(field) : null;
    }

    private static long addressField(RecordedEvent e) {
        return e.hasField("address") ? e.getLong("address") : 0L;
    }

    private static RecordedThread threadField(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getThread(field) : null;
    }

    private static long durationField(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return 0;
        }
        Duration d = e.getDuration(field);
        return d == null ? 0 : d.toNanos();
    }

    private static String stringOrEmpty(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return "";
        }
        String value = e.getString(field);
        return value == null ? "" : value;
    }
}
