package org.jfrtriage.analyzer.read.v0;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A format 0.9 chunk's metadata event: producers, their structs, event types, content types, and the trailer. */
final class V0Metadata {

    /** How a value is written. */
    static final int BOOLEAN = 0, BYTE = 1, U1 = 2, SHORT = 3, U2 = 4, INTEGER = 5, U4 = 6, LONG = 7, U8 = 8,
            FLOAT = 9, DOUBLE = 10, UTF8 = 11, STRING = 12, ARRAY = 13, STRUCT = 14, STRUCT_ARRAY = 15;

    /** What a value means (the content types the readers need; a pool's id is its content type). */
    static final int CONTENT_MILLIS = 3, CONTENT_NANOS = 4, CONTENT_TICKS = 5, CONTENT_THREAD = 7,
            CONTENT_JAVA_THREAD = 8, CONTENT_STACK_TRACE = 9, CONTENT_CLASS = 10;

    /** Bound on counts read from the file, so garbage cannot make us allocate without limit. */
    private static final int MAX_COUNT = 10_000_000;

    /** One field of a struct: its id, how it is written, what it means, and for nested structs which one. */
    record Field(String id, int dataType, int contentType, Struct struct) {
    }

    /** A struct: an event type's fields, a pool entry's value, a stack frame. */
    static final class Struct {
        final List<Field> fields = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        int field(String id) {
            return index.getOrDefault(id, -1);
        }

        /** The first field with this content type, or -1. */
        int fieldWithContent(int contentType) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).contentType() == contentType) {
                    return i;
                }
            }
            return -1;
        }

        void add(Field f) {
            index.putIfAbsent(f.id(), fields.size());
            fields.add(f);
        }
    }

    /** An event type: {@code name} is the producer's URI and the path, as JMC names 0.9 types. */
    record EventType(int id, String name, String path, boolean hasDuration, boolean hasThread, boolean hasStackTrace,
                     Struct struct) {
    }

    /** A constant pool's type: how its keys are written and the struct of its values. */
    record ContentType(int id, String name, int keyType, Struct value) {
    }

    final Map<Integer, EventType> events = new HashMap<>();
    final Map<Integer, ContentType> contentTypes = new HashMap<>();
    long startMillis;
    long endMillis;
    long startTicks;
    long ticksPerSecond;
    /** Chunk-relative position of the last checkpoint event (0: none). */
    long lastCheckpoint;

    /** Parses the metadata event at the buffer's position (its size and type already checked by the caller). */
    static V0Metadata read(ByteBuffer in) {
        V0Metadata m = new V0Metadata();
        int start = in.position();
        int size = in.getInt();
        in.getInt(); // event type 0: metadata
        int producers = count(in);
        for (int p = 0; p < producers; p++) {
            in.getInt(); // producer id
            utf(in); // name
            utf(in); // description
            String uri = utf(in);
            int relationKeys = count(in);
            for (int r = 0; r < relationKeys; r++) {
                utf(in); // a relation key's URI (gc id, compile id, …): ties events together, unused here
            }
            int structCount = count(in);
            List<Struct> structs = new ArrayList<>(structCount);
            List<int[]> nested = new ArrayList<>(); // struct, field, referenced struct: linked once all are read
            for (int s = 0; s < structCount; s++) {
                Struct struct = new Struct();
                int fields = count(in);
                List<String> ids = new ArrayList<>();
                List<int[]> kinds = new ArrayList<>();
                for (int f = 0; f < fields; f++) {
                    String id = utf(in);
                    utf(in); // label
                    utf(in); // description
                    in.get(); // flag
                    int dataType = in.get() & 0xff;
                    int contentType = in.getInt();
                    int reference = in.getInt(); // the struct of a STRUCT / STRUCT_ARRAY, else a relation key
                    in.getInt();
                    ids.add(id);
                    kinds.add(new int[] {dataType, contentType, reference});
                }
                for (int f = 0; f < fields; f++) {
                    int[] k = kinds.get(f);
                    struct.add(new Field(ids.get(f), k[0], k[1], null));
                    if (k[0] == STRUCT || k[0] == STRUCT_ARRAY) {
                        nested.add(new int[] {s, f, k[2]});
                    }
                }
                structs.add(struct);
            }
            for (int[] n : nested) {
                Struct owner = structs.get(n[0]);
                Field f = owner.fields.get(n[1]);
                if (n[2] < 0 || n[2] >= structs.size()) {
                    throw new IllegalStateException("a field refers to a struct that is not described");
                }
                owner.fields.set(n[1], new Field(f.id(), f.dataType(), f.contentType(), structs.get(n[2])));
            }
            int eventCount = count(in);
            for (int e = 0; e < eventCount; e++) {
                int id = in.getInt();
                utf(in); // label
                utf(in); // description
                String path = utf(in);
                boolean hasDuration = in.get() != 0;
                boolean hasThread = in.get() != 0;
                boolean hasStackTrace = in.get() != 0;
                in.get(); // requestable (periodic)
                int struct = in.getInt();
                in.getInt();
                m.events.put(id, new EventType(id, uri + path, path, hasDuration, hasThread, hasStackTrace,
                        structOf(structs, struct)));
            }
            int contentTypeCount = count(in);
            for (int c = 0; c < contentTypeCount; c++) {
                int id = in.getInt();
                String name = utf(in);
                utf(in); // description
                int keyType = in.get() & 0xff;
                int struct = in.getInt();
                m.contentTypes.put(id, new ContentType(id, name, keyType, structOf(structs, struct)));
            }
        }
        // the trailer: the chunk's clock and where its checkpoints are
        m.startMillis = in.getLong();
        m.endMillis = in.getLong();
        m.startTicks = in.getLong();
        m.ticksPerSecond = in.getLong();
        m.lastCheckpoint = in.getLong();
        if (in.position() > start + size || m.ticksPerSecond <= 0) {
            throw new IllegalStateException("metadata longer than its event, or no clock");
        }
        return m;
    }

    private static Struct structOf(List<Struct> structs, int index) {
        if (index < 0 || index >= structs.size()) {
            throw new IllegalStateException("an event type refers to a struct that is not described");
        }
        return structs.get(index);
    }

    static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > MAX_COUNT || n > in.remaining()) {
            throw new IllegalStateException("implausible count " + n);
        }
        return n;
    }

    /** A UTF8 value: a two-byte length and the bytes. */
    static String utf(ByteBuffer in) {
        int n = in.getShort() & 0xffff;
        byte[] bytes = new byte[n];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
