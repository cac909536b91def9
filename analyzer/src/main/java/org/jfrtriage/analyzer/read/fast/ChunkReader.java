package org.jfrtriage.analyzer.read.fast;

import org.jfrtriage.analyzer.table.LongIntMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfrtriage.analyzer.event.EventSink;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.StackTable;
import org.jfrtriage.analyzer.table.ThreadTable;

/**
 * Reads one chunk: its metadata, its constant-pool index and its events. Constant-pool entries an event refers
 * to are decoded once per chunk and turned into the sink's global ids (stacks, threads) or strings (classes).
 */
final class ChunkReader {

    /** Deeper than any JVM records (JFR's stackdepth is at most 2048): a larger count is damage. */
    private static final int MAX_FRAMES = 100_000;
    private static final String[] UNKNOWN_METHOD = {"", "unknown"};

    private final ChunkBuffer in;
    private final Metadata metadata;
    private final ConstantPools pools;
    private final EventSink sink;
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;
    /**
     * Whether a tick is a nanosecond, as in every recording the JDK writes on Linux (all the sample recordings and
     * benchmark files): {@link #nanos} and {@link #span} then skip a double division (and the conversion back),
     * twice per wait ({@code nanos} 70 of the read's ~950 samples of 1 ms a run on the park-heavy benchmark, 10 after;
     * the reader's total moved less: docs/architecture.md has the figures).
     */
    private final boolean nanosecondTicks;

    /** This chunk's stack traces, and the sink's stack id per slot once resolved. */
    private final ConstantPools.Pool stackPool;
    private final int[] stackIds;
    private static final int UNRESOLVED = -1;
    private final LongIntMap threads = new LongIntMap(256);
    private final LongIntMap classIndex = new LongIntMap(1024);
    private final List<String> classNames = new ArrayList<>();
    private final Map<Long, String[]> methods = new HashMap<>();
    private final Map<Long, String> symbols = new HashMap<>();
    private final Map<Long, FrameType> frameTypes = new HashMap<>();
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> structStrings = new HashMap<>();

    private final Metadata.Type classType;
    private final Metadata.Type methodType;
    private final Metadata.Type symbolType;
    private final Metadata.Type stackTraceType;
    private final Metadata.Type threadType;
    private final Metadata.Type frameTypeType;
    private final Metadata.Type stringType;

    private final StackCache stackCache;
    /**
     * Class names of the whole recording, one instance per name: each chunk decodes its classes afresh, and a sink
     * comparing a wait's lock class with its site's (once per wait, 12 M times on the park-heavy benchmark) then
     * finds the same instance instead of comparing the characters of equal strings.
     */
    private final Map<String, String> recordingClassNames;

    ChunkReader(ChunkBuffer in, Metadata metadata, ConstantPools pools, EventSink sink, long startNanos, long startTicks,
                long ticksPerSecond, StackCache stackCache, Map<String, String> recordingClassNames) {
        this.stackCache = stackCache;
        this.recordingClassNames = recordingClassNames;
        this.in = in;
        this.metadata = metadata;
        this.pools = pools;
        this.sink = sink;
        this.startNanos = startNanos;
        this.startTicks = startTicks;
        this.ticksPerNano = ticksPerSecond / 1e9;
        this.nanosecondTicks = ticksPerNano == 1.0;
        this.classType = metadata.type("java.lang.Class");
        this.methodType = metadata.type("jdk.types.Method");
        this.symbolType = metadata.type("jdk.types.Symbol");
        this.stackTraceType = metadata.type("jdk.types.StackTrace");
        this.threadType = metadata.type("java.lang.Thread");
        this.frameTypeType = metadata.type("jdk.types.FrameType");
        this.stringType = metadata.type("java.lang.String");
        this.stackPool = stackTraceType == null ? null : pools.pool(stackTraceType.id);
        this.stackIds = new int[stackPool == null ? 0 : stackPool.size()];
        Arrays.fill(stackIds, UNRESOLVED);
        if (methodType != null) {
            pools.forEach(methodType.id, (id, pos) -> stackCache.checkMethod(id, method(id)));
        }
        if (frameTypeType != null) {
            pools.forEach(frameTypeType.id, (id, pos) -> stackCache.checkFrameType(id, frameType(id)));
        }
        prepareFrameStruct();
    }

    long nanos(long ticks) {
        long elapsed = ticks - startTicks;
        long nanos = startNanos
                + (nanosecondTicks && exactAsDouble(elapsed) ? elapsed : (long) (elapsed / ticksPerNano));
        if (nanos > latestNanos) {
            latestNanos = nanos;
        }
        return nanos;
    }

    /** The latest event time this chunk's events gave, or {@code Long.MIN_VALUE} before the first. */
    long latestNanos() {
        return latestNanos;
    }

    long span(long ticks) {
        return nanosecondTicks && exactAsDouble(ticks) ? ticks : (long) (ticks / ticksPerNano);
    }

    /**
     * Whether {@code ticks} converts to a double and back unchanged (from -2^53 to 2^53 - 1: every such long is a
     * double): then, when a tick is a nanosecond, dividing by {@link #ticksPerNano} (1.0) gives the count itself, and
     * the division is left out.
     */
    static boolean exactAsDouble(long ticks) {
        return (ticks + (1L << 53)) >>> 54 == 0;
    }

    /** Runs {@code body} with the cursor at {@code position}, then puts the cursor back. */
    private <T> T at(int position, java.util.function.Supplier<T> body) {
        int saved = in.position();
        try {
            in.position(position);
            return body.get();
        } finally {
            in.position(saved);
        }
    }

    /** A string slot of an event or struct: inline, or a reference into the string pool. */
    String string(String inline, long ref) {
        if (inline != null || ref < 0) {
            return inline;
        }
        if (stringType == null) {
            return null;
        }
        return strings.computeIfAbsent(ref, id -> {
            int pos = pools.position(stringType.id, id);
            return pos == LongIntMap.MISSING ? null : at(pos, in::readString);
        });
    }

    String symbol(long id) {
        if (symbolType == null) {
            return null;
        }
        String cached = symbols.get(id);
        if (cached != null || symbols.containsKey(id)) {
            return cached;
        }
        int pos = pools.position(symbolType.id, id);
        String value = pos == LongIntMap.MISSING ? null : at(pos, () -> {
            long[] longs = new long[symbolType.fieldTypes.length];
            String[] strs = new String[longs.length];
            Values.readFields(in, symbolType, longs, strs);
            int f = symbolType.fieldIndex("string");
            return f < 0 ? null : string(strs[f], longs[f]);
        });
        symbols.put(id, value);
        return value;
    }

    /**
     * Binary class name with dots, as {@code RecordedClass.getName()}, the recording's one instance of it; "" when the
     * class is unknown.
     */
    String className(long id) {
        return className(id, "");
    }

    /**
     * The name of class {@code id}, or {@code whenMissing} when this chunk's pools lack it: a class an earlier chunk
     * named under that id (JFR gives a class one id for the JVM's life), else the empty name.
     */
    String className(long id, String whenMissing) {
        if (id == lastClassId) {
            return lastClassName;
        }
        if (classType == null || id == 0) {
            return "";
        }
        int known = classIndex.get(id);
        if (known != LongIntMap.MISSING) {
            lastClassId = id;
            lastClassName = classNames.get(known);
            return lastClassName;
        }
        int pos = pools.position(classType.id, id);
        if (pos == LongIntMap.MISSING) {
            return whenMissing; // not kept: the next event naming it may have another
        }
        String name = decodedClassName(pos);
        classIndex.put(id, classNames.size());
        classNames.add(name);
        return name;
    }

    /**
     * The class's name decoded from this chunk's pool, as the recording's instance of it. Apart from {@link
     * #className}, which runs per event: its compiled code then holds none of this, and the first name a later chunk
     * finds already known (a branch the first chunk never takes) no longer throws that code away.
     */
    private String decodedClassName(int pos) {
        String name = at(pos, () -> {
            long[] longs = new long[classType.fieldTypes.length];
            String[] strs = new String[longs.length];
            Values.readFields(in, classType, longs, strs);
            int f = classType.fieldIndex("name");
            String raw = f < 0 ? null : classType.fields.get(f).constantPool() ? symbol(longs[f]) : string(strs[f], longs[f]);
            return raw == null ? "" : raw.replace('/', '.');
        });
        String same = recordingClassNames.putIfAbsent(name, name);
        return same == null ? name : same;
    }

    private String[] method(long id) {
        String[] cached = methods.get(id);
        if (cached != null) {
            return cached;
        }
        int pos = methodType == null ? LongIntMap.MISSING : pools.position(methodType.id, id);
        String[] names = UNKNOWN_METHOD;
        if (pos != LongIntMap.MISSING) {
            names = at(pos, () -> {
                long[] longs = new long[methodType.fieldTypes.length];
                String[] strs = new String[longs.length];
                Values.readFields(in, methodType, longs, strs);
                int type = methodType.fieldIndex("type");
                int name = methodType.fieldIndex("name");
                String methodName = name < 0 ? null : methodType.fields.get(name).constantPool()
                        ? symbol(longs[name]) : string(strs[name], longs[name]);
                return new String[] {type < 0 ? "" : className(longs[type]), methodName == null ? "unknown" : methodName};
            });
        }
        methods.put(id, names);
        return names;
    }

    private FrameType frameType(long id) {
        FrameType cached = frameTypes.get(id);
        if (cached != null) {
            return cached;
        }
        String description = null;
        int pos = frameTypeType == null ? LongIntMap.MISSING : pools.position(frameTypeType.id, id);
        if (pos != LongIntMap.MISSING) {
            description = at(pos, () -> {
                long[] longs = new long[frameTypeType.fieldTypes.length];
                String[] strs = new String[longs.length];
                Values.readFields(in, frameTypeType, longs, strs);
                int f = frameTypeType.fieldIndex("description");
                return f < 0 ? null : string(strs[f], longs[f]);
            });
        }
        FrameType type = FrameType.fromRecorded(description);
        frameTypes.put(id, type);
        return type;
    }

    /** Events whose stack trace id is not in this chunk's pools: a damaged or cut chunk lost them. */
    long missingStacks() {
        return missingStacks;
    }

    /** Events whose thread id is not in this chunk's pools. */
    long missingThreads() {
        return missingThreads;
    }

    /** The sink's stack id for a constant-pool stack trace id; frames are resolved once per chunk. */
    int stack(long id) {
        if (id == 0) {
            return StackTable.UNKNOWN;
        }
        if (stackPool == null) {
            missingStacks++;
            return StackTable.UNKNOWN;
        }
        int slot = stackPool.slot(id);
        if (slot == LongIntMap.MISSING) {
            missingStacks++;
            return StackTable.UNKNOWN; // not in this chunk's pools: a damaged or cut chunk
        }
        int global = stackIds[slot];
        if (global != UNRESOLVED) {
            return global;
        }
        long bytesHash = stackPool.hash(slot);
        global = stackCache.get(bytesHash);
        if (global == LongIntMap.MISSING) {
            global = at(stackPool.position(slot), this::readStackTrace);
            stackCache.put(bytesHash, global);
        }
        stackIds[slot] = global;
        return global;
    }

    private int readStackTrace() {
        boolean truncated = false;
        int[] frameIds = NO_FRAMES;
        int frames = 0;
        for (int i = 0; i < stackTraceType.fieldTypes.length; i++) {
            Metadata.Field f = stackTraceType.fields.get(i);
            Metadata.Type ft = stackTraceType.fieldTypes[i];
            if (f.name().equals("truncated") && !f.array() && !f.constantPool()) {
                truncated = in.readByte() != 0;
            } else if (f.name().equals("frames") && f.array() && !f.constantPool() && ft != null) {
                frames = readFrames(ft);
                frameIds = resolvedScratch;
            } else {
                Values.skip(in, ft, f.constantPool(), f.array());
            }
        }
        return sink.stacks().stackId(frameIds, frames, truncated);
    }

    /** One stack's method ids, lines and frame type ids, read before they are resolved (see {@link #readFrames}). */
    private long[] frameScratch = new long[64];
    private int[] lineScratch = new int[64];
    private long[] typeScratch = new long[64];
    /** Per frame of the stack being read: the sink's frame id when found by its bytes, else {@link #NOT_FOUND}. */
    private int[] idScratch = new int[64];
    /** Per frame not found by its bytes: the bytes (see {@link ChunkBuffer#varintRun}) and length, or length 0. */
    private long[] lowScratch = new long[64];
    private long[] highScratch = new long[64];
    private int[] lengthScratch = new int[64];
    private final long[] frameBytes = new long[2];
    private static final int NOT_FOUND = -1;

    /** The frame struct's fields, looked up on the first stack of the chunk. */
    private Metadata.Type frameStruct;
    private int methodField;
    private int lineField;
    private int typeField;
    private long[] frameLongs;
    private String[] frameStrings;

    private static final int[] NO_FRAMES = new int[0];
    /** The sink's frame ids of the stack read last ({@link #readFrames}), innermost first; reused. */
    private int[] resolvedScratch = new int[64];

    /** Reads frames of {@code struct} from now on. */
    private void useFrameStruct(Metadata.Type struct) {
        frameStruct = struct;
        stackCache.frameStruct(struct);
        methodField = struct.fieldIndex("method");
        lineField = struct.fieldIndex("lineNumber");
        typeField = struct.fieldIndex("type");
        frameLongs = new long[struct.fieldTypes.length];
        frameStrings = new String[frameLongs.length];
    }

    /**
     * The struct of a stack trace's frames, made ready when the chunk's reader is made, so that {@link #readFrames}
     * never meets a new one (in a recording whose chunks share the metadata). It used to be set up by the chunk's
     * first stack: a branch taken once per chunk, which the JIT compiled {@link #readFrames} without in the first
     * chunk, then threw the code away at the second and ran it slower until it was compiled again (~0.2 s of the
     * park-heavy benchmark's read in one run, while most of its stacks are new).
     */
    private void prepareFrameStruct() {
        if (stackTraceType == null || stackTraceType.fieldTypes == null) {
            return;
        }
        for (int i = 0; i < stackTraceType.fieldTypes.length; i++) {
            Metadata.Field f = stackTraceType.fields.get(i);
            Metadata.Type ft = stackTraceType.fieldTypes[i];
            if (f.name().equals("frames") && f.array() && !f.constantPool() && ft != null && ft.fieldTypes != null) {
                useFrameStruct(ft);
                return;
            }
        }
    }

    /** Reads a stack's frames into {@link #resolvedScratch} and returns how many there are. */
    private int readFrames(Metadata.Type struct) {
        int count = in.readVarInt();
        if (count < 0 || count > MAX_FRAMES) {
            throw new ChunkBuffer.Truncated();
        }
        if (struct != frameStruct) {
            useFrameStruct(struct);
        }
        if (frameScratch.length < count) {
            // scratch for the frames of one stack at a time: reused, a chunk has 100,000s of stacks
            int n = Math.max(count, 2 * frameScratch.length);
            frameScratch = new long[n];
            lineScratch = new int[n];
            typeScratch = new long[n];
            idScratch = new int[n];
            lowScratch = new long[n];
            highScratch = new long[n];
            lengthScratch = new int[n];
            resolvedScratch = new int[n];
        }
        long[] longs = frameLongs;
        long[] methodIds = frameScratch;
        int[] lines = lineScratch;
        long[] typeIds = typeScratch;
        int[] found = idScratch;
        long[] lows = lowScratch;
        long[] highs = highScratch;
        int[] lengths = lengthScratch;
        long[] bytes = frameBytes;
        int fields = struct.varintFields;
        for (int i = 0; i < count; i++) {
            found[i] = NOT_FOUND;
            lengths[i] = 0;
            if (fields > 0) { // every field a varint (the JDK's and async-profiler's layout): read them straight
                int keyBytes = in.varintRun(fields, bytes);
                if (keyBytes > 0) {
                    int known = stackCache.frame(bytes[0], bytes[1]);
                    if (known != LongIntMap.MISSING) {
                        found[i] = known;
                        in.position(in.position() + stackCache.frameLength());
                        continue;
                    }
                    lows[i] = bytes[0];
                    highs[i] = bytes[1];
                }
                int from = in.position();
                in.readVarLongs(longs, fields);
                if (keyBytes > 0) {
                    lengths[i] = in.position() - from;
                }
            } else {
                Values.readFields(in, struct, longs, frameStrings);
            }
            methodIds[i] = methodField < 0 ? -1 : longs[methodField];
            lines[i] = lineField < 0 ? -1 : (int) longs[lineField];
            typeIds[i] = typeField < 0 ? -1 : longs[typeField];
        }
        // resolving pool entries moves the cursor, so it happens after the frames are read
        int[] ids = resolvedScratch;
        for (int i = 0; i < count; i++) {
            if (found[i] != NOT_FOUND) {
                ids[i] = found[i];
                continue;
            }
            ids[i] = frameId(methodIds[i], lines[i], typeIds[i]);
            if (lengths[i] > 0) {
                stackCache.putFrame(lows[i], highs[i], lengths[i], ids[i]);
            }
        }
        return count;
    }

    /**
     * The sink's frame id for (method, line, frame type), cached per chunk: distinct stacks share most frames,
     * so each frame is resolved and interned once, not once per stack it appears in.
     */
    private int frameId(long methodId, int line, long typeId) {
        int method = methodId < 0 ? -1 : localMethods.get(methodId);
        if (method == LongIntMap.MISSING) {
            method = localMethods.size();
            localMethods.put(methodId, method);
        }
        int type;
        if (typeId >= 0 && typeId < 0xFF) {
            type = (int) typeId; // the JDK's and async-profiler's frame type ids are small: the id is the key
        } else {
            type = typeId < 0 ? -1 : localFrameTypes.get(typeId);
            if (type == LongIntMap.MISSING) {
                type = 0x100 + localFrameTypes.size(); // past every small id, so never equal to one
                localFrameTypes.put(typeId, type);
            }
        }
        long key = ((long) method << 32) | ((long) (line & 0xFFFFFF) << 8) | (type & 0xFF);
        int known = method >= 0 && type >= 0 && type < 0xFF ? frames.get(key) : LongIntMap.MISSING;
        if (known != LongIntMap.MISSING) {
            return known;
        }
        String[] names = methodId < 0 ? UNKNOWN_METHOD : method(methodId);
        FrameType frameType = typeId < 0 ? FrameType.UNKNOWN : frameType(typeId);
        int id = sink.stacks().frameId(new Frame(names[0], names[1], line, frameType));
        if (method >= 0 && type >= 0 && type < 0xFF) {
            frames.put(key, id);
        }
        return id;
    }

    private long latestNanos = Long.MIN_VALUE;
    private long missingStacks;
    private long missingThreads;
    private final LongIntMap localMethods = new LongIntMap(1024);
    private final LongIntMap localFrameTypes = new LongIntMap(16);
    private final LongIntMap frames = new LongIntMap(4096);

    /**
     * The thread and the class looked up last, by their pool ids, found again with one comparison: JFR writes a
     * thread's events a buffer at a time, so the events of one thread, parked on one class, come in runs. Id 0 is
     * none, which both lookups answer without the pools.
     */
    private long lastThreadId;
    private int lastThread = ThreadTable.NONE;
    private long lastClassId;
    private String lastClassName = "";

    /** The sink's thread id for a constant-pool thread id. */
    int thread(long id) {
        return thread(id, ThreadTable.NONE);
    }

    /**
     * The sink's thread id for a constant-pool thread id, or {@code whenMissing} when this chunk's pools lack it:
     * a thread an earlier chunk named under that id (JFR gives a thread one id for the JVM's life), else
     * {@link ThreadTable#NONE}, which is counted as lost.
     */
    int thread(long id, int whenMissing) {
        if (id == lastThreadId) {
            return lastThread;
        }
        if (threadType == null || id == 0) {
            return ThreadTable.NONE;
        }
        int known = threads.get(id);
        if (known != LongIntMap.MISSING) {
            lastThreadId = id;
            lastThread = known;
            return known;
        }
        int pos = pools.position(threadType.id, id);
        int global = ThreadTable.NONE;
        if (pos == LongIntMap.MISSING) {
            if (whenMissing == ThreadTable.NONE) {
                missingThreads++; // not cached: every event that refers to it counts
            }
            return whenMissing;
        }
        if (pos != LongIntMap.MISSING) {
            global = at(pos, () -> {
                long[] longs = new long[threadType.fieldTypes.length];
                String[] strs = new String[longs.length];
                Values.readFields(in, threadType, longs, strs);
                int javaName = threadType.fieldIndex("javaName");
                int osName = threadType.fieldIndex("osName");
                int javaId = threadType.fieldIndex("javaThreadId");
                String name = javaName < 0 ? null : string(strs[javaName], longs[javaName]);
                if (name == null && osName >= 0) {
                    name = string(strs[osName], longs[osName]);
                }
                return sink.threads().threadId(javaId < 0 ? -1 : longs[javaId], name);
            });
        }
        threads.put(id, global);
        return global;
    }

    /**
     * A string held in a one-field constant-pool struct (jdk.types.GCName, GCCause, …): the JDK resolves these
     * to their single string.
     */
    String structString(long typeId, long id) {
        Long key = typeId * 1_000_003L + id;
        if (structStrings.containsKey(key)) {
            return structStrings.get(key);
        }
        Metadata.Type type = metadata.type(typeId);
        int pos = type == null ? LongIntMap.MISSING : pools.position(typeId, id);
        String value = null;
        if (pos != LongIntMap.MISSING) {
            value = at(pos, () -> {
                long[] longs = new long[type.fieldTypes.length];
                String[] strs = new String[longs.length];
                Values.readFields(in, type, longs, strs);
                for (int i = 0; i < strs.length; i++) {
                    if (type.fieldTypes[i] != null && type.fieldTypes[i].kind == Metadata.Kind.STRING) {
                        return string(strs[i], longs[i]);
                    }
                }
                return null;
            });
        }
        structStrings.put(key, value);
        return value;
    }
}
