package org.jfrtriage.analyzer.read.fast;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.AllocationSample;
import org.jfrtriage.analyzer.event.ContentionEvent;
import org.jfrtriage.analyzer.event.ContentionKind;
import org.jfrtriage.analyzer.event.CpuLoad;
import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.event.ExecutionSample;
import org.jfrtriage.analyzer.event.GcPause;
import org.jfrtriage.analyzer.event.IoWait;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.ThreadCpuLoad;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.event.ThreadActivity;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.event.VirtualThreadPin;
import org.jfrtriage.analyzer.event.VmOperation;

/**
 * The events the analysis uses, decoded from their metadata layout into our records — the same records, with
 * the same values, as {@code read.JdkRecordingReader} makes from {@code RecordedEvent}s.
 */
final class EventDecoders {

    /** Turns one decoded event into a record for the sink. */
    @FunctionalInterface
    interface Handler {
        void handle(Decoded e, ChunkReader chunk, EventSink sink, Map<Long, String> eventNames);
    }

    /** One event's fields, decoded into slots by {@link Values#readFields}. */
    static final class Decoded {
        final Metadata.Type type;
        final long[] longs;
        final String[] strings;
        private final Map<String, Integer> index = new HashMap<>();
        /** Positions of the fields every event type has, looked up once. */
        final int startTime;
        final int duration;
        final int eventThread;
        final int stackTrace;
        /** Per-kind fields, looked up once per chunk (-1 where the type has no such field). */
        final int objectClass;
        final int weight;
        final int allocationSize;
        final int tlabSize;
        final int monitorClass;
        final int previousOwner;
        final int parkedClass;
        final int address;
        final int sampledThread;
        final int notifier;
        final int samples;
        final int timeSpan;
        /**
         * How many leading fields to decode: the events read most often stop after the last field their handler
         * uses (the size prefix finds the next event), so trailing fields are never read.
         */
        final int fieldsToRead;
        /**
         * {@link #PARK} or {@link #MONITOR_ENTER} for the two events a park-heavy recording is made of, when the
         * fields their handler uses are leading varints (as the JDK writes them): {@link EventDispatch} reads those
         * in one {@link ChunkBuffer#readVarLongs} call and hands the event to {@link #park} or {@link #monitorEnter}
         * itself; else {@link #BY_HANDLER}.
         * The handlers are a dozen lambda classes called through one interface, and a call through an interface
         * with that many receivers goes through an itable stub (~5 ns; 57 ms of samples a run on the 12 M events
         * of the park-heavy benchmark).
         */
        final int direct;
        static final int BY_HANDLER = 0;
        static final int PARK = 1;
        static final int MONITOR_ENTER = 2;
        /** Whether handling this event may change which events the sink wants (see {@link #unwanted}). */
        final boolean changesInterest;
        /** The allocations these events are, or null: the events a sink may stop wanting. */
        final AllocationSample.Source allocationSource;

        /** The stack id of the previous event of this type, and the sink's stack for it (see {@link #stack}). */
        long lastStackId = -1;
        int lastStack;
        /**
         * Per field, the thread or class id of the previous event of this type, and the sink's thread or the class's
         * name for it ({@link #thread}, {@link #className}).
         */
        final long[] lastThreadIds;
        final int[] lastThreads;
        final long[] lastClassIds;
        final String[] lastClassNames;

        /**
         * Decodes {@code type}, continuing the stack of the previous chunk's last event of that type if any, and its
         * threads and classes when the type's fields are the same.
         */
        Decoded(Metadata.Type type, Decoded previousChunk) {
            this(type);
            if (previousChunk != null) {
                lastStackId = previousChunk.lastStackId;
                lastStack = previousChunk.lastStack;
                if (sameFields(previousChunk.type, type)) {
                    System.arraycopy(previousChunk.lastThreadIds, 0, lastThreadIds, 0, lastThreadIds.length);
                    System.arraycopy(previousChunk.lastThreads, 0, lastThreads, 0, lastThreads.length);
                    System.arraycopy(previousChunk.lastClassIds, 0, lastClassIds, 0, lastClassIds.length);
                    System.arraycopy(previousChunk.lastClassNames, 0, lastClassNames, 0, lastClassNames.length);
                }
            }
        }

        private static boolean sameFields(Metadata.Type a, Metadata.Type b) {
            if (a.fields.size() != b.fields.size()) {
                return false;
            }
            for (int i = 0; i < a.fields.size(); i++) {
                if (!a.fields.get(i).name().equals(b.fields.get(i).name())) {
                    return false;
                }
            }
            return true;
        }

        Decoded(Metadata.Type type) {
            this.type = type;
            this.longs = new long[type.fieldTypes.length];
            this.strings = new String[type.fieldTypes.length];
            this.lastThreadIds = new long[type.fieldTypes.length];
            Arrays.fill(lastThreadIds, -1);
            this.lastThreads = new int[type.fieldTypes.length];
            this.lastClassIds = new long[type.fieldTypes.length];
            Arrays.fill(lastClassIds, -1);
            this.lastClassNames = new String[type.fieldTypes.length];
            for (int i = 0; i < type.fields.size(); i++) {
                index.put(type.fields.get(i).name(), i);
            }
            startTime = field("startTime");
            duration = field("duration");
            eventThread = field("eventThread");
            stackTrace = field("stackTrace");
            objectClass = field("objectClass");
            weight = field("weight");
            allocationSize = field("allocationSize");
            tlabSize = field("tlabSize");
            monitorClass = field("monitorClass");
            previousOwner = field("previousOwner");
            parkedClass = field("parkedClass");
            address = field("address");
            sampledThread = field("sampledThread");
            notifier = field("notifier");
            samples = field("samples");
            timeSpan = field("timeSpan");
            String canonical = org.jfrtriage.analyzer.event.EventNames.canonical(type.name);
            List<String> used = FIELDS_USED.get(canonical);
            int last = type.fields.size() - 1;
            if (used != null) {
                last = -1;
                for (String name : used) {
                    last = Math.max(last, field(name));
                }
            }
            fieldsToRead = last + 1;
            boolean varints = fieldsToRead <= type.leadingVarints;
            direct = !varints ? BY_HANDLER : canonical.equals("jdk.ThreadPark") ? PARK
                    : canonical.equals("jdk.JavaMonitorEnter") ? MONITOR_ENTER : BY_HANDLER;
            changesInterest = canonical.equals("jdk.ObjectAllocationSample");
            allocationSource = allocationSource(canonical);
        }

        int field(String name) {
            return index.getOrDefault(name, -1);
        }

        long longValue(int field) {
            return field < 0 ? 0 : longs[field];
        }

        /** A float or double field (decoded into its double bits), 0 where the type has no such field. */
        double doubleValue(int field) {
            return field < 0 ? 0 : Double.longBitsToDouble(longs[field]);
        }

        /** A text field: inline, string pool, or a single-string constant-pool struct (GC name, cause). */
        String text(int field, ChunkReader chunk) {
            if (field < 0) {
                return null;
            }
            Metadata.Field f = type.fields.get(field);
            Metadata.Type ft = type.fieldTypes[field];
            if (f.constantPool() && ft.kind != Metadata.Kind.STRING) {
                return chunk.structString(ft.id, longs[field]);
            }
            return chunk.string(strings[field], f.constantPool() ? longs[field] : (strings[field] == null ? longs[field] : -1));
        }
    }

    /**
     * Filled once, by the static block below, and never changed after: {@link #handler} reads the immutable
     * {@link #TABLE} copied from it. To decode a new event type, add one {@code HANDLERS.put} line there (and its
     * {@code FIELDS_USED} entry if the event is frequent).
     */
    private static final Map<String, Handler> HANDLERS = new HashMap<>();

    /** The fields the handlers of the frequent events use; other events decode all their fields. */
    private static final Map<String, List<String>> FIELDS_USED = Map.of(
            "jdk.JavaMonitorEnter", List.of("startTime", "duration", "eventThread", "stackTrace", "monitorClass", "previousOwner",
                    "address"),
            "jdk.JavaMonitorWait", List.of("startTime", "duration", "eventThread", "stackTrace", "monitorClass", "notifier"),
            "jdk.ThreadPark", List.of("startTime", "duration", "eventThread", "stackTrace", "parkedClass", "address"),
            "jdk.ExecutionSample", List.of("startTime", "sampledThread", "stackTrace"),
            "profiler.WallClockSample", List.of("startTime", "sampledThread", "stackTrace", "samples", "timeSpan"),
            "jdk.ObjectAllocationSample", List.of("startTime", "eventThread", "stackTrace", "objectClass", "weight"),
            "jdk.ObjectAllocationInNewTLAB", List.of("startTime", "eventThread", "stackTrace", "objectClass",
                    "allocationSize", "tlabSize"),
            "jdk.ObjectAllocationOutsideTLAB", List.of("startTime", "eventThread", "stackTrace", "objectClass",
                    "allocationSize"));

    static {
        // waits go field by field: no record per park or monitor enter (the arguments in the record's order)
        HANDLERS.put("jdk.JavaMonitorEnter", (e, c, sink, names) -> monitorEnter(e, c, sink));
        HANDLERS.put("jdk.JavaMonitorWait", (e, c, sink, names) -> sink.onContention(new ContentionEvent(
                ContentionKind.MONITOR_WAIT, start(e, c), duration(e, c), thread(e, c, e.eventThread),
                className(e, c, e.monitorClass), thread(e, c, e.notifier), stack(e, c))));
        HANDLERS.put("jdk.ThreadPark", (e, c, sink, names) -> park(e, c, sink));
        HANDLERS.put("jdk.ExecutionSample", (e, c, sink, names) -> sink.onExecutionSample(new ExecutionSample(
                start(e, c), thread(e, c, e.sampledThread), stack(e, c), SampleKind.CPU, 1)));
        HANDLERS.put("profiler.WallClockSample", (e, c, sink, names) -> sink.onExecutionSample(new ExecutionSample(
                start(e, c), thread(e, c, e.sampledThread), stack(e, c), SampleKind.WALL,
                e.samples < 0 ? 1 : Math.max(1, (int) e.longValue(e.samples)),
                Math.max(0, c.span(e.longValue(e.timeSpan))))));
        HANDLERS.put("jdk.ObjectAllocationSample", (e, c, sink, names) -> sink.onAllocation(new AllocationSample(
                start(e, c), thread(e, c, e.eventThread), className(e, c, e.objectClass),
                e.longValue(e.weight), -1, stack(e, c), AllocationSample.Source.SAMPLE)));
        HANDLERS.put("jdk.ObjectAllocationInNewTLAB", (e, c, sink, names) -> sink.onAllocation(new AllocationSample(
                start(e, c), thread(e, c, e.eventThread), className(e, c, e.objectClass),
                e.longValue(e.tlabSize), e.longValue(e.allocationSize), stack(e, c),
                AllocationSample.Source.TLAB)));
        HANDLERS.put("jdk.ObjectAllocationOutsideTLAB", (e, c, sink, names) -> sink.onAllocation(new AllocationSample(
                start(e, c), thread(e, c, e.eventThread), className(e, c, e.objectClass),
                e.longValue(e.allocationSize), e.longValue(e.allocationSize), stack(e, c),
                AllocationSample.Source.TLAB)));
        HANDLERS.put("jdk.GarbageCollection", (e, c, sink, names) -> sink.onGcPause(new GcPause(start(e, c),
                c.span(e.longValue(e.field("sumOfPauses"))), c.span(e.longValue(e.field("longestPause"))),
                e.text(e.field("name"), c), e.text(e.field("cause"), c))));
        HANDLERS.put("jdk.JavaThreadStatistics", (e, c, sink, names) -> sink.onThreadStatistics(start(e, c),
                e.longValue(e.field("activeCount")), e.longValue(e.field("daemonCount")),
                e.longValue(e.field("accumulatedCount")), e.longValue(e.field("peakCount"))));
        HANDLERS.put("jdk.ThreadStart", (e, c, sink, names) -> sink.onThreadStart(start(e, c), thread(e, c, e.field("thread")),
                thread(e, c, e.field("parentThread")), stack(e, c)));
        HANDLERS.put("jdk.ThreadEnd", (e, c, sink, names) -> sink.onThreadEnd(start(e, c), thread(e, c, e.field("thread"))));
        HANDLERS.put("jdk.VirtualThreadPinned", (e, c, sink, names) -> sink.onVirtualThreadPinned(new VirtualThreadPin(
                start(e, c), duration(e, c), thread(e, c, e.eventThread), thread(e, c, e.field("carrierThread")), stack(e, c),
                orEmpty(e.text(e.field("blockingOperation"), c)), orEmpty(e.text(e.field("pinnedReason"), c)))));
        HANDLERS.put("jdk.VirtualThreadSubmitFailed", (e, c, sink, names) -> sink.onVirtualThreadSubmitFailed(start(e, c),
                thread(e, c, e.eventThread), stack(e, c), orEmpty(e.text(e.field("exceptionMessage"), c))));
        HANDLERS.put("jdk.ThreadSleep", (e, c, sink, names) -> sink.onThreadActivity(start(e, c), duration(e, c),
                thread(e, c, e.eventThread), ThreadActivity.SLEEP));
        HANDLERS.put("jdk.ThreadDump", (e, c, sink, names) -> sink.onThreadDump(start(e, c), e.text(e.field("result"), c)));
        HANDLERS.put("jdk.JavaExceptionThrow", (e, c, sink, names) -> throwable(e, c, sink, false));
        HANDLERS.put("jdk.JavaErrorThrow", (e, c, sink, names) -> throwable(e, c, sink, true));
        HANDLERS.put("jdk.ExceptionStatistics", (e, c, sink, names) -> sink.onThrowableCount(start(e, c),
                e.longValue(e.field("throwables"))));
        HANDLERS.put("jdk.CPULoad", (e, c, sink, names) -> sink.onCpuLoad(new CpuLoad(start(e, c),
                e.doubleValue(e.field("jvmUser")), e.doubleValue(e.field("jvmSystem")),
                e.doubleValue(e.field("machineTotal")))));
        HANDLERS.put("jdk.ThreadCPULoad", (e, c, sink, names) -> sink.onThreadCpuLoad(new ThreadCpuLoad(start(e, c),
                thread(e, c, e.eventThread), e.doubleValue(e.field("user")), e.doubleValue(e.field("system")))));
        HANDLERS.put("jdk.CPUInformation", (e, c, sink, names) -> sink.onCpuCapacity(start(e, c),
                (int) e.longValue(e.field("hwThreads")), 0));
        HANDLERS.put("jdk.ContainerConfiguration", (e, c, sink, names) -> sink.onCpuCapacity(start(e, c), 0,
                e.longValue(e.field("effectiveCpuCount"))));
        HANDLERS.put("jdk.ContainerCPUThrottling", (e, c, sink, names) -> sink.onCpuThrottling(start(e, c),
                e.longValue(e.field("cpuElapsedSlices")), e.longValue(e.field("cpuThrottledSlices")),
                e.longValue(e.field("cpuThrottledTime")))); // a Java event's @Timespan: nanoseconds, not ticks
        HANDLERS.put("jdk.SocketRead", (e, c, sink, names) -> io(e, c, sink, IoWait.Kind.SOCKET_READ, "bytesRead"));
        HANDLERS.put("jdk.SocketWrite", (e, c, sink, names) -> io(e, c, sink, IoWait.Kind.SOCKET_WRITE, "bytesWritten"));
        HANDLERS.put("jdk.FileRead", (e, c, sink, names) -> io(e, c, sink, IoWait.Kind.FILE_READ, "bytesRead"));
        HANDLERS.put("jdk.FileWrite", (e, c, sink, names) -> io(e, c, sink, IoWait.Kind.FILE_WRITE, "bytesWritten"));
        HANDLERS.put("jdk.ExecuteVMOperation", (e, c, sink, names) -> sink.onVmOperation(new VmOperation(start(e, c),
                duration(e, c), orEmpty(e.text(e.field("operation"), c)), e.longValue(e.field("safepoint")) != 0,
                e.longValue(e.field("blocking")) != 0, thread(e, c, e.field("caller")), e.longValue(e.field("safepointId")))));
        HANDLERS.put("jdk.SafepointBegin", (e, c, sink, names) -> safepoint(e, c, sink, SafepointPhase.Phase.BEGIN));
        HANDLERS.put("jdk.SafepointStateSynchronization", (e, c, sink, names) ->
                safepoint(e, c, sink, SafepointPhase.Phase.SYNCHRONIZATION));
        HANDLERS.put("jdk.SafepointEnd", (e, c, sink, names) -> safepoint(e, c, sink, SafepointPhase.Phase.END));
        HANDLERS.put("jdk.JVMInformation", (e, c, sink, names) -> {
            long pid = e.field("pid") < 0 ? -1 : e.longValue(e.field("pid"));
            sink.onJvmInfo(JvmInfo.fromJvmInformation(e.text(e.field("jvmName"), c), e.text(e.field("jvmVersion"), c),
                    orEmpty(e.text(e.field("jvmArguments"), c)), orEmpty(e.text(e.field("javaArguments"), c)), pid));
            int started = e.field("jvmStartTime");
            // a long of ms since 1970 (a corpus file has it a string: then unknown, as the JDK's parser has it)
            boolean millis = started >= 0 && "long".equals(e.type.fieldTypes[started].name);
            sink.onJvmRun(pid, millis ? e.longValue(started) : 0);
        });
        HANDLERS.put("jdk.InitialSystemProperty", (e, c, sink, names) -> {
            String key = e.text(e.field("key"), c);
            String value = e.text(e.field("value"), c);
            if ("java.vendor".equals(key) || "java.vm.vendor".equals(key)) {
                sink.onJvmInfo(new JvmInfo("", value, "", "", -1));
            } else if ("java.version".equals(key)) {
                sink.onJvmInfo(new JvmInfo(JvmInfo.javaVersion(value), "", "", "", -1));
            } else if ("java.vm.version".equals(key)) {
                sink.onJvmInfo(new JvmInfo("", "", "", "", -1, "", value));
            } else if ("java.vm.name".equals(key)) {
                sink.onJvmInfo(new JvmInfo("", "", "", "", -1, value, ""));
            }
        });
        HANDLERS.put("jdk.ActiveSetting", (e, c, sink, names) -> {
            String eventName = names.getOrDefault(e.longValue(e.field("id")), "");
            if (!eventName.isEmpty()) {
                sink.onSetting(eventName, e.text(e.field("name"), c), e.text(e.field("value"), c));
            }
        });
    }

    /** The handler of each canonical event type name: immutable, shared by every read. */
    private static final Map<String, Handler> TABLE = Map.copyOf(HANDLERS);

    private EventDecoders() {
    }

    /** The handler for events of {@code canonicalType}, or null when the analysis does not use them. */
    static Handler handler(String canonicalType) {
        return TABLE.get(canonicalType);
    }

    /** Whether the sink no longer wants the records events of this type become; such events are skipped by size. */
    static boolean unwanted(String eventType, EventSink sink) {
        AllocationSample.Source source = allocationSource(eventType);
        return source != null && !sink.wantsAllocations(source);
    }

    private static AllocationSample.Source allocationSource(String eventType) {
        switch (eventType) {
            case "jdk.ObjectAllocationInNewTLAB":
            case "jdk.ObjectAllocationOutsideTLAB":
                return AllocationSample.Source.TLAB;
            case "jdk.ObjectAllocationSample":
                return AllocationSample.Source.SAMPLE;
            default:
                return null;
        }
    }

    /** A {@code jdk.ThreadPark}: called by {@link EventDispatch} directly ({@link Decoded#direct}), and by its handler. */
    static void park(Decoded e, ChunkReader c, EventSink sink) {
        sink.onContention(ContentionKind.PARK, start(e, c), duration(e, c), thread(e, c, e.eventThread),
                className(e, c, e.parkedClass), ThreadTable.NONE, stack(e, c), e.longValue(e.address));
    }

    /** A {@code jdk.JavaMonitorEnter}: called as {@link #park} is. */
    static void monitorEnter(Decoded e, ChunkReader c, EventSink sink) {
        sink.onContention(ContentionKind.MONITOR_ENTER, start(e, c), duration(e, c), thread(e, c, e.eventThread),
                className(e, c, e.monitorClass), thread(e, c, e.previousOwner), stack(e, c),
                e.longValue(e.address));
    }

    private static void throwable(Decoded e, ChunkReader c, EventSink sink, boolean error) {
        sink.onThrowable(new ThrowableEvent(start(e, c), thread(e, c, e.eventThread),
                className(e, c, e.field("thrownClass")), orEmpty(e.text(e.field("message"), c)), stack(e, c), error));
    }

    private static void io(Decoded e, ChunkReader c, EventSink sink, IoWait.Kind kind, String bytesField) {
        sink.onIoWait(new IoWait(kind, start(e, c), duration(e, c), thread(e, c, e.eventThread), stack(e, c),
                orEmpty(e.text(e.field("host"), c)), orEmpty(e.text(e.field("address"), c)), (int) e.longValue(e.field("port")),
                orEmpty(e.text(e.field("path"), c)), e.longValue(e.field(bytesField))));
    }

    private static void safepoint(Decoded e, ChunkReader c, EventSink sink, SafepointPhase.Phase phase) {
        sink.onSafepoint(new SafepointPhase(phase, start(e, c), duration(e, c), e.longValue(e.field("safepointId")),
                (int) e.longValue(e.field("totalThreadCount"))));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long start(Decoded e, ChunkReader c) {
        return c.nanos(e.longValue(e.startTime));
    }

    private static long duration(Decoded e, ChunkReader c) {
        return c.span(e.longValue(e.duration));
    }

    /**
     * The thread in field {@code f} (a position looked up once per chunk; -1 where the type has none). A thread id
     * its chunk's pools lack is the thread the previous event of this type named in that field under the same id,
     * even in the previous chunk: when JFR starts a new chunk, an event committed just then may land in the new
     * chunk while its thread (one that has since ended) was written only in the previous one. The JDK's parser
     * resolves such an event the same way: it caches the last id and value of each event field. It also answers
     * from that cache before it looks at the chunk's pools, so a thread the previous chunk lacked stays unnamed
     * even where this chunk's pools name it (two of JMC's recordings); the pools come first here.
     */
    private static int thread(Decoded e, ChunkReader c, int f) {
        if (f < 0) {
            return ThreadTable.NONE;
        }
        long id = e.longs[f];
        int thread = c.thread(id, id == e.lastThreadIds[f] ? e.lastThreads[f] : ThreadTable.NONE);
        e.lastThreadIds[f] = id;
        e.lastThreads[f] = thread;
        return thread;
    }

    /** The name of the class in field {@code f} ("" where the type has none); one its chunk lacks as {@link #thread}. */
    private static String className(Decoded e, ChunkReader c, int f) {
        if (f < 0) {
            return "";
        }
        long id = e.longs[f];
        String name = c.className(id, id == e.lastClassIds[f] ? e.lastClassNames[f] : "");
        e.lastClassIds[f] = id;
        e.lastClassNames[f] = name;
        return name;
    }

    /**
     * The event's stack. An event repeating the stack id of the previous event of its type gets that event's stack,
     * even across a chunk boundary: when JFR starts a new chunk, an event committed just then may land in the new
     * chunk while its stack trace was written only in the previous one. Stack ids are stable within a JVM, and the
     * JDK's parser resolves such an event the same way (it caches the last id and value of each event field).
     */
    private static int stack(Decoded e, ChunkReader c) {
        if (e.stackTrace < 0) {
            return org.jfrtriage.analyzer.table.StackTable.UNKNOWN;
        }
        long id = e.longs[e.stackTrace];
        if (id != e.lastStackId) {
            e.lastStack = c.stack(id);
            e.lastStackId = id;
        }
        return e.lastStack;
    }
}
