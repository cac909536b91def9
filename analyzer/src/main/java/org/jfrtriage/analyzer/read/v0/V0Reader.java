package org.jfrtriage.analyzer.read.v0;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import org.jfrtriage.analyzer.event.SafepointPhase;
import org.jfrtriage.analyzer.event.VmOperation;
import org.jfrtriage.analyzer.event.JvmInfo;
import org.jfrtriage.analyzer.event.SampleKind;
import org.jfrtriage.analyzer.event.ThrowableEvent;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;
import org.jfrtriage.analyzer.read.RecordingReader;

/**
 * Reads format 0.9 recordings (Oracle JDK 7u40–8, JRockit R28) for the events the playbook uses: monitor enter
 * and wait, thread park, allocation in and outside TLABs, execution samples, GC pauses, thread dumps, thread
 * counts, starts and ends, CPU load and count, throwables (each, and counted), JVM information and system
 * properties, and the recording's settings. Every event is counted, by its
 * producer URI and path as JMC names 0.9 types.
 *
 * <p>A chunk is its header (magic, version 0.9, the metadata's offset), the events, and the metadata event last;
 * so a chunk cut before its metadata cannot be read at all. Constant pools are decoded per chunk into maps: 0.9
 * recordings come from JVMs that wrote small chunks, and pools are a small part of them.
 */
public final class V0Reader implements RecordingReader {

    private static final int MAGIC = 0x464c5200;
    /** Magic, version, the metadata's offset. */
    private static final int HEADER_SIZE = 16;
    private static final int METADATA_EVENT = 0;
    private static final int CHECKPOINT_EVENT = 1;
    /** Checkpoints in one chunk, as a guard against a cycle in their chain. */
    private static final int MAX_CHECKPOINTS = 100_000;

    /** Whether {@code start} (a file's first bytes) is a format 0.9 chunk header. */
    public static boolean isV0(ByteBuffer start) {
        return start.remaining() >= 8 && start.getInt(0) == MAGIC && start.getShort(4) == 0 && start.getShort(6) == 9;
    }

    @Override
    public void read(Path file, EventSink sink) throws RecordingException {
        Session session = new Session(sink);
        long fileSize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            fileSize = channel.size();
            long position = 0;
            while (position < fileSize) {
                ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
                channel.read(header, position);
                header.flip();
                if (!isV0(header) || header.remaining() < HEADER_SIZE) {
                    if (session.chunks == 0) {
                        throw new RecordingException(file + ": not a format 0.9 recording");
                    }
                    session.warnings.add(String.format("%,d bytes after the last chunk (at byte %,d) are not a "
                            + "chunk and were not analyzed", fileSize - position, position));
                    session.complete = false;
                    break;
                }
                long metadataOffset = header.getLong(8);
                long available = fileSize - position;
                if (metadataOffset < HEADER_SIZE || metadataOffset + 8 > available || available > Integer.MAX_VALUE) {
                    session.warnings.add(String.format("recording is truncated: its chunk at byte %,d was cut before "
                            + "its metadata, which format 0.9 writes last; none of its events could be decoded", position));
                    session.complete = false;
                    if (session.chunks == 0) {
                        throw new RecordingException(file + ": format 0.9 recording cut before its first chunk's "
                                + "metadata (written last): nothing in it can be decoded");
                    }
                    break;
                }
                ByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, position, available)
                        .order(ByteOrder.BIG_ENDIAN);
                long size = session.readChunk(chunk, (int) metadataOffset, position);
                if (size <= 0) {
                    break;
                }
                session.bytesRead += size;
                position += size;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RecordingException(file + ": no such file");
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Map<String, Long> counts = new TreeMap<>(session.counts);
        sink.onFinish(new EventSink.ReadSummary("jdk", session.complete, Math.min(session.bytesRead, fileSize), fileSize,
                session.chunks, List.copyOf(session.warnings), counts));
    }

    /** One read: the sink, what was read, and the per-chunk state of the chunk being read. */
    private static final class Session {
        final EventSink sink;
        final List<String> warnings = new ArrayList<>();
        final Map<String, Long> counts = new HashMap<>();
        boolean complete = true;
        long bytesRead;
        int chunks;

        Session(EventSink sink) {
            this.sink = sink;
        }

        /** Reads the chunk starting at {@code in}'s position 0; returns its size, or 0 when it was damaged. */
        long readChunk(ByteBuffer in, int metadataOffset, long filePosition) {
            Chunk chunk;
            int metadataSize;
            try {
                in.position(metadataOffset);
                metadataSize = in.getInt(metadataOffset);
                if (in.getInt(metadataOffset + 4) != METADATA_EVENT || metadataSize <= 8
                        || (long) metadataOffset + metadataSize > in.limit()) {
                    throw new IllegalStateException("no metadata event where the header says");
                }
                V0Metadata metadata = V0Metadata.read(in.duplicate().order(ByteOrder.BIG_ENDIAN).position(metadataOffset));
                chunk = new Chunk(in, metadata, sink);
                chunk.readPools();
            } catch (RuntimeException e) { // BufferUnderflow, IllegalState, IndexOutOfBounds: damage
                warnings.add(String.format("chunk at byte %,d has damaged metadata or constant pools; it was skipped",
                        filePosition));
                complete = false;
                return 0;
            }
            chunks++;
            sink.onChunk(chunk.startNanos, chunk.endNanos);
            int position = HEADER_SIZE;
            long events = 0;
            try {
                while (position < metadataOffset) {
                    int size = in.getInt(position);
                    if (size < 8 || position + size > metadataOffset) {
                        throw new IllegalStateException("event size");
                    }
                    int type = in.getInt(position + 4);
                    if (type != CHECKPOINT_EVENT) {
                        V0Metadata.EventType eventType = chunk.metadata.events.get(type);
                        if (eventType != null) {
                            counts.merge(eventType.name(), 1L, Long::sum);
                            chunk.decode(eventType, position + 8);
                        }
                        events++;
                    }
                    position += size;
                }
            } catch (RuntimeException e) {
                warnings.add(String.format("chunk at byte %,d is damaged at offset %,d; %,d events before it were read",
                        filePosition, position, events));
                complete = false;
                return 0;
            }
            return (long) metadataOffset + metadataSize;
        }
    }

    /** One chunk's metadata, constant pools and clock, and the sink's ids for what its pools hold. */
    private static final class Chunk {
        final ByteBuffer in;
        final V0Metadata metadata;
        final EventSink sink;
        final long startNanos;
        final long endNanos;
        final double nanosPerTick;
        /** Content type → key → decoded value (a struct's fields). */
        final Map<Integer, Map<Long, Object[]>> pools = new HashMap<>();
        final Map<Long, Integer> threadIds = new HashMap<>();
        final Map<Long, Integer> stackIds = new HashMap<>();
        final Map<Long, String> classNames = new HashMap<>();
        /** Thread (U4 id) → Java thread id, from the JavaThread pool. */
        final Map<Long, Long> javaThreadIds = new HashMap<>();

        Chunk(ByteBuffer in, V0Metadata metadata, EventSink sink) {
            this.in = in;
            this.metadata = metadata;
            this.sink = sink;
            this.startNanos = metadata.startMillis * 1_000_000L;
            this.endNanos = metadata.endMillis * 1_000_000L;
            this.nanosPerTick = 1e9 / metadata.ticksPerSecond;
        }

        long nanos(long ticks) {
            return startNanos + (long) ((ticks - metadata.startTicks) * nanosPerTick);
        }

        long span(long value, int contentType) {
            switch (contentType) {
                case V0Metadata.CONTENT_TICKS: return (long) (value * nanosPerTick);
                case V0Metadata.CONTENT_MILLIS: return value * 1_000_000L;
                default: return value; // nanoseconds
            }
        }

        /** Follows the checkpoint chain back from the trailer, decoding every pool entry. */
        void readPools() {
            List<Integer> checkpoints = new ArrayList<>();
            long at = metadata.lastCheckpoint;
            while (at > 0 && checkpoints.size() < MAX_CHECKPOINTS) {
                int p = Math.toIntExact(at);
                if (in.getInt(p + 4) != CHECKPOINT_EVENT) {
                    throw new IllegalStateException("no checkpoint where the chain says");
                }
                checkpoints.add(p);
                at = in.getLong(p + 16);
            }
            for (int i = checkpoints.size() - 1; i >= 0; i--) { // oldest first
                int p = checkpoints.get(i);
                int end = p + in.getInt(p);
                ByteBuffer b = in.duplicate().order(ByteOrder.BIG_ENDIAN).position(p + 24);
                while (b.position() < end) {
                    int contentType = b.getInt();
                    int count = V0Metadata.count(b);
                    V0Metadata.ContentType type = metadata.contentTypes.get(contentType);
                    if (type == null) {
                        throw new IllegalStateException("a pool of an undescribed content type");
                    }
                    Map<Long, Object[]> pool = pools.computeIfAbsent(contentType, k -> new HashMap<>());
                    for (int e = 0; e < count; e++) {
                        long key = ((Number) value(b, type.keyType(), null)).longValue();
                        pool.put(key, struct(b, type.value()));
                    }
                }
            }
            Map<Long, Object[]> javaThreads = pools.get(V0Metadata.CONTENT_JAVA_THREAD);
            V0Metadata.ContentType javaThreadType = metadata.contentTypes.get(V0Metadata.CONTENT_JAVA_THREAD);
            if (javaThreads != null && javaThreadType != null) {
                int thread = javaThreadType.value().fieldWithContent(V0Metadata.CONTENT_THREAD);
                if (thread >= 0) {
                    javaThreads.forEach((javaId, v) -> javaThreadIds.putIfAbsent(((Number) v[thread]).longValue(), javaId));
                }
            }
        }

        Object[] struct(ByteBuffer b, V0Metadata.Struct struct) {
            Object[] values = new Object[struct.fields.size()];
            for (int i = 0; i < values.length; i++) {
                V0Metadata.Field f = struct.fields.get(i);
                values[i] = value(b, f.dataType(), f.struct());
            }
            return values;
        }

        Object value(ByteBuffer b, int dataType, V0Metadata.Struct struct) {
            switch (dataType) {
                case V0Metadata.BOOLEAN:
                case V0Metadata.BYTE: return (long) b.get();
                case V0Metadata.U1: return (long) (b.get() & 0xff);
                case V0Metadata.SHORT: return (long) b.getShort();
                case V0Metadata.U2: return (long) (b.getShort() & 0xffff);
                case V0Metadata.INTEGER: return (long) b.getInt();
                case V0Metadata.U4: return b.getInt() & 0xffffffffL;
                case V0Metadata.LONG:
                case V0Metadata.U8: return b.getLong();
                case V0Metadata.FLOAT: return (double) b.getFloat();
                case V0Metadata.DOUBLE: return b.getDouble();
                case V0Metadata.UTF8: return V0Metadata.utf(b);
                case V0Metadata.STRING: {
                    int chars = V0Metadata.count(b);
                    char[] text = new char[chars];
                    for (int i = 0; i < chars; i++) {
                        text[i] = b.getChar();
                    }
                    return new String(text);
                }
                case V0Metadata.STRUCT: return struct(b, struct);
                case V0Metadata.STRUCT_ARRAY: {
                    int n = V0Metadata.count(b);
                    Object[] items = new Object[n];
                    for (int i = 0; i < n; i++) {
                        items[i] = struct(b, struct);
                    }
                    return items;
                }
                default:
                    throw new IllegalStateException("data type " + dataType + " is not read");
            }
        }

        /** The event at {@code position} (after its size and type) of {@code type}, handed on if the playbook uses it. */
        void decode(V0Metadata.EventType type, int position) {
            Handler handler = HANDLERS.get(EventNames.canonical(type.name()));
            if (handler == null || (handler.allocation && !sink.wantsAllocations(AllocationSample.Source.TLAB))) {
                return;
            }
            ByteBuffer b = in.duplicate().order(ByteOrder.BIG_ENDIAN).position(position);
            long end = b.getLong();
            long start = type.hasDuration() ? b.getLong() : end;
            long thread = type.hasThread() ? b.getInt() & 0xffffffffL : -1;
            long stack = type.hasStackTrace() ? b.getLong() : 0;
            Object[] fields = struct(b, type.struct());
            handler.body.handle(new Event(this, type.struct(), fields, nanos(start), span(end - start,
                    V0Metadata.CONTENT_TICKS), thread < 0 ? ThreadTable.NONE : thread(thread), stack));
        }

        int thread(long id) {
            Integer known = threadIds.get(id);
            if (known != null) {
                return known;
            }
            String name = null;
            Object[] entry = entry(V0Metadata.CONTENT_THREAD, id);
            if (entry != null) {
                int f = metadata.contentTypes.get(V0Metadata.CONTENT_THREAD).value().field("name");
                name = f < 0 ? null : String.valueOf(entry[f]);
            }
            int global = sink.threads().threadId(javaThreadIds.getOrDefault(id, id), name);
            threadIds.put(id, global);
            return global;
        }

        /** A thread referred to by a field of content type Thread, JavaThread, VMThread or the like. */
        int threadRef(long value, int contentType) {
            if (contentType == V0Metadata.CONTENT_THREAD) {
                return value == 0 ? ThreadTable.NONE : thread(value);
            }
            Object[] entry = entry(contentType, value);
            V0Metadata.ContentType type = metadata.contentTypes.get(contentType);
            if (entry == null || type == null) {
                return ThreadTable.NONE;
            }
            int f = type.value().fieldWithContent(V0Metadata.CONTENT_THREAD);
            return f < 0 ? ThreadTable.NONE : threadRef(((Number) entry[f]).longValue(), V0Metadata.CONTENT_THREAD);
        }

        Object[] entry(int contentType, long key) {
            Map<Long, Object[]> pool = pools.get(contentType);
            return pool == null ? null : pool.get(key);
        }

        /** A string held in a pool entry's first text field, or the text a UTF8 constant-pool id stands for. */
        String text(long key, int contentType) {
            Object[] entry = entry(contentType, key);
            V0Metadata.ContentType type = metadata.contentTypes.get(contentType);
            if (entry == null || type == null) {
                return null;
            }
            for (int i = 0; i < entry.length; i++) {
                if (entry[i] instanceof String s) {
                    return s;
                }
                V0Metadata.Field f = type.value().fields.get(i);
                if (f.contentType() != 0 && f.contentType() != contentType && entry[i] instanceof Long ref
                        && metadata.contentTypes.containsKey(f.contentType())) {
                    return text(ref, f.contentType());
                }
            }
            return null;
        }

        String className(long id) {
            String known = classNames.get(id);
            if (known != null) {
                return known;
            }
            Object[] entry = entry(V0Metadata.CONTENT_CLASS, id);
            String name = "";
            if (entry != null) {
                V0Metadata.Struct s = metadata.contentTypes.get(V0Metadata.CONTENT_CLASS).value();
                name = orEmpty(fieldText(entry, s, "name")).replace('/', '.');
            }
            classNames.put(id, name);
            return name;
        }

        /** A field of a pool entry as text: inline, or through the pool its content type names. */
        String fieldText(Object[] entry, V0Metadata.Struct s, String field) {
            int f = s.field(field);
            if (f < 0) {
                return null;
            }
            Object v = entry[f];
            if (v instanceof String str) {
                return str;
            }
            int content = s.fields.get(f).contentType();
            return v instanceof Long ref && metadata.contentTypes.containsKey(content) ? text(ref, content) : null;
        }

        int stack(long id) {
            if (id == 0) {
                return StackTable.UNKNOWN;
            }
            Integer known = stackIds.get(id);
            if (known != null) {
                return known;
            }
            int global = StackTable.UNKNOWN;
            Object[] entry = entry(V0Metadata.CONTENT_STACK_TRACE, id);
            if (entry != null) {
                V0Metadata.Struct s = metadata.contentTypes.get(V0Metadata.CONTENT_STACK_TRACE).value();
                int truncated = s.field("truncated");
                int framesField = s.field("frames");
                if (framesField >= 0 && entry[framesField] instanceof Object[] frames) {
                    V0Metadata.Struct frame = s.fields.get(framesField).struct();
                    int[] ids = new int[frames.length];
                    for (int i = 0; i < frames.length; i++) {
                        ids[i] = frame((Object[]) frames[i], frame);
                    }
                    global = sink.stacks().stackId(ids, truncated >= 0 && ((Number) entry[truncated]).longValue() != 0);
                }
            }
            stackIds.put(id, global);
            return global;
        }

        private int frame(Object[] frame, V0Metadata.Struct s) {
            int methodField = s.field("method");
            int lineField = s.field("line");
            int typeField = s.field("type");
            String className = "";
            String methodName = "unknown";
            if (methodField >= 0 && frame[methodField] instanceof Long methodId) {
                int methodContent = s.fields.get(methodField).contentType();
                Object[] method = entry(methodContent, methodId);
                V0Metadata.ContentType methodType = metadata.contentTypes.get(methodContent);
                if (method != null && methodType != null) {
                    int classField = methodType.value().field("class");
                    if (classField >= 0 && method[classField] instanceof Long classId) {
                        className = className(classId);
                    }
                    methodName = orEmpty(fieldText(method, methodType.value(), "name"));
                }
            }
            int line = lineField >= 0 && frame[lineField] instanceof Long l ? (int) (long) l : -1;
            String frameType = null;
            if (typeField >= 0 && frame[typeField] instanceof Long t) {
                frameType = text(t, s.fields.get(typeField).contentType());
            }
            return sink.stacks().frameId(new Frame(className, methodName, line, FrameType.fromRecorded(frameType)));
        }
    }

    private static void io(Event e, IoWait.Kind kind, String bytesField) {
        e.chunk.sink.onIoWait(new IoWait(kind, e.startNanos, e.durationNanos, e.thread, e.stack(), orEmpty(e.text("host")),
                orEmpty(e.text("address")), (int) e.number("port"), orEmpty(e.text("path")), e.number(bytesField)));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** One decoded event: its common part and its fields, looked up by id. */
    private record Event(Chunk chunk, V0Metadata.Struct struct, Object[] fields, long startNanos, long durationNanos,
                         int thread, long stackId) {

        long number(String field) {
            int f = struct.field(field);
            return f >= 0 && fields[f] instanceof Number n ? n.longValue() : 0;
        }

        /** The first of these fields the event has, as a double (0 when none). */
        double decimal(String... names) {
            for (String name : names) {
                int f = struct.field(name);
                if (f >= 0 && fields[f] instanceof Number n) {
                    return n.doubleValue();
                }
            }
            return 0;
        }

        String text(String... names) {
            for (String name : names) {
                int f = struct.field(name);
                if (f < 0) {
                    continue;
                }
                if (fields[f] instanceof String s) {
                    return s;
                }
                if (fields[f] instanceof Long ref) {
                    String s = chunk.text(ref, struct.fields.get(f).contentType());
                    if (s != null) {
                        return s;
                    }
                }
            }
            return null;
        }

        /** A timespan field in nanoseconds, whatever unit its content type says. */
        long span(String field) {
            int f = struct.field(field);
            return f < 0 ? 0 : chunk.span(number(field), struct.fields.get(f).contentType());
        }

        String lockClass() {
            int f = struct.fieldWithContent(V0Metadata.CONTENT_CLASS);
            return f < 0 ? "" : chunk.className(((Number) fields[f]).longValue());
        }

        /** The thread in the first of these fields that the event has. */
        int threadField(String... names) {
            for (String name : names) {
                int f = struct.field(name);
                if (f >= 0 && fields[f] instanceof Long v) {
                    return chunk.threadRef(v, struct.fields.get(f).contentType());
                }
            }
            return ThreadTable.NONE;
        }

        int stack() {
            if (stackId != 0) {
                return chunk.stack(stackId);
            }
            int f = struct.fieldWithContent(V0Metadata.CONTENT_STACK_TRACE);
            return f < 0 ? StackTable.UNKNOWN : chunk.stack(((Number) fields[f]).longValue());
        }

        int sampledThread() {
            int f = struct.fieldWithContent(V0Metadata.CONTENT_THREAD);
            return f < 0 ? thread : chunk.threadRef(((Number) fields[f]).longValue(), V0Metadata.CONTENT_THREAD);
        }
    }

    @FunctionalInterface
    private interface Body {
        void handle(Event e);
    }

    private record Handler(boolean allocation, Body body) {
    }

    /** By the JDK 11 name each 0.9 type maps to ({@link EventNames#canonical}). */
    private static final Map<String, Handler> HANDLERS = new HashMap<>();

    private static void on(String name, Body body) {
        HANDLERS.put(name, new Handler(false, body));
    }

    static {
        on("jdk.JavaMonitorEnter", e -> e.chunk.sink.onContention(new ContentionEvent(ContentionKind.MONITOR_ENTER,
                e.startNanos, e.durationNanos, e.thread, e.lockClass(), e.threadField("previousOwner", "owner"), e.stack())));
        on("jdk.JavaMonitorWait", e -> e.chunk.sink.onContention(new ContentionEvent(ContentionKind.MONITOR_WAIT,
                e.startNanos, e.durationNanos, e.thread, e.lockClass(), e.threadField("notifier"), e.stack())));
        on("jdk.ThreadPark", e -> e.chunk.sink.onContention(new ContentionEvent(ContentionKind.PARK,
                e.startNanos, e.durationNanos, e.thread, e.lockClass(), ThreadTable.NONE, e.stack())));
        on("jdk.ExecutionSample", e -> e.chunk.sink.onExecutionSample(new ExecutionSample(e.startNanos,
                e.sampledThread(), e.stack(), SampleKind.CPU, 1)));
        HANDLERS.put("jdk.ObjectAllocationInNewTLAB", new Handler(true, e -> e.chunk.sink.onAllocation(
                new AllocationSample(e.startNanos, e.thread, e.lockClass(), e.number("tlabSize"),
                        e.number("allocationSize"), e.stack(), AllocationSample.Source.TLAB))));
        HANDLERS.put("jdk.ObjectAllocationOutsideTLAB", new Handler(true, e -> e.chunk.sink.onAllocation(
                new AllocationSample(e.startNanos, e.thread, e.lockClass(), e.number("allocationSize"),
                        e.number("allocationSize"), e.stack(), AllocationSample.Source.TLAB))));
        on("jdk.GarbageCollection", e -> e.chunk.sink.onGcPause(new GcPause(e.startNanos, e.span("sumOfPauses"),
                e.span("longestPause"), e.text("name", "type"), e.text("cause"))));
        on("jdk.JavaThreadStatistics", e -> e.chunk.sink.onThreadStatistics(e.startNanos, e.number("activeCount"),
                e.number("daemonCount"), e.number("accumulatedCount"), e.number("peakCount")));
        // 0.9 records no creating stack nor parent: the thread field is HotSpot's javalangthread, JRockit's javaThread
        on("jdk.ThreadStart", e -> e.chunk.sink.onThreadStart(e.startNanos, e.threadField("javalangthread", "javaThread",
                "thread"), ThreadTable.NONE, StackTable.UNKNOWN));
        on("jdk.ThreadEnd", e -> e.chunk.sink.onThreadEnd(e.startNanos, e.threadField("javalangthread", "javaThread",
                "thread")));
        // HotSpot 7/8: jvmUser, jvmSystem, machineTotal; JRockit R28's os/cpu_load: user, system, total
        on("jdk.CPULoad", e -> e.chunk.sink.onCpuLoad(new CpuLoad(e.startNanos, e.decimal("jvmUser", "user"),
                e.decimal("jvmSystem", "system"), e.decimal("machineTotal", "total"))));
        on("jdk.CPUInformation", e -> e.chunk.sink.onCpuCapacity(e.startNanos, (int) e.number("hwThreads"), 0));
        on("jdk.ExceptionStatistics", e -> e.chunk.sink.onThrowableCount(e.startNanos, e.number("throwables")));
        on("jdk.JavaExceptionThrow", e -> e.chunk.sink.onThrowable(new ThrowableEvent(e.startNanos, e.thread,
                e.lockClass(), orEmpty(e.text("message")), e.stack(), false)));
        on("jdk.JavaErrorThrow", e -> e.chunk.sink.onThrowable(new ThrowableEvent(e.startNanos, e.thread,
                e.lockClass(), orEmpty(e.text("message")), e.stack(), true)));
        on("jdk.ThreadDump", e -> e.chunk.sink.onThreadDump(e.startNanos, e.text("result")));
        on("jdk.SocketRead", e -> io(e, IoWait.Kind.SOCKET_READ, "bytesRead"));
        on("jdk.SocketWrite", e -> io(e, IoWait.Kind.SOCKET_WRITE, "bytesWritten"));
        on("jdk.FileRead", e -> io(e, IoWait.Kind.FILE_READ, "bytesRead"));
        on("jdk.FileWrite", e -> io(e, IoWait.Kind.FILE_WRITE, "bytesWritten"));
        on("jdk.ExecuteVMOperation", e -> e.chunk.sink.onVmOperation(new VmOperation(e.startNanos, e.durationNanos,
                orEmpty(e.text("operation")), e.number("safepoint") != 0, e.number("blocking") != 0,
                e.threadField("caller"), e.number("safepointId"))));
        on("jdk.SafepointBegin", e -> e.chunk.sink.onSafepoint(new SafepointPhase(SafepointPhase.Phase.BEGIN, e.startNanos,
                e.durationNanos, e.number("safepointId"), (int) e.number("totalThreadCount"))));
        on("jdk.SafepointStateSynchronization", e -> e.chunk.sink.onSafepoint(new SafepointPhase(
                SafepointPhase.Phase.SYNCHRONIZATION, e.startNanos, e.durationNanos, e.number("safepointId"), 0)));
        on("jdk.SafepointEnd", e -> e.chunk.sink.onSafepoint(new SafepointPhase(SafepointPhase.Phase.END, e.startNanos,
                e.durationNanos, e.number("safepointId"), 0)));
        on("jdk.JVMInformation", e -> e.chunk.sink.onJvmInfo(JvmInfo.fromJvmInformation(e.text("jvmName"),
                e.text("jvmVersion"), e.text("jvmArguments"), e.text("javaArguments"), -1)));
        on("jdk.InitialSystemProperty", e -> {
            String key = e.text("key");
            String value = e.text("value");
            if ("java.vendor".equals(key) || "java.vm.vendor".equals(key)) {
                e.chunk.sink.onJvmInfo(new JvmInfo("", value, "", "", -1));
            } else if ("java.version".equals(key)) {
                e.chunk.sink.onJvmInfo(new JvmInfo(JvmInfo.javaVersion(value), "", "", "", -1));
            } else if ("java.vm.version".equals(key)) {
                e.chunk.sink.onJvmInfo(new JvmInfo("", "", "", "", -1, "", value));
            }
        });
        on("jdk.ActiveSetting", e -> {
            String event = EventNames.ofFormat09Path(e.text("path"));
            if (event == null) {
                return; // a setting of an event the playbook does not read
            }
            e.chunk.sink.onSetting(event, "enabled", e.number("enabled") != 0 ? "true" : "false");
            if (e.struct.field("threshold") >= 0) {
                long nanos = e.span("threshold");
                e.chunk.sink.onSetting(event, "threshold", nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos + " ns");
            }
            if (e.struct.field("stacktrace") >= 0) {
                e.chunk.sink.onSetting(event, "stackTrace", e.number("stacktrace") != 0 ? "true" : "false");
            }
        });
    }
}
