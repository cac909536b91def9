package org.jfrtriage.analyzer.read.fast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's type descriptions, read from its metadata event: every event and constant-pool type with its
 * fields in the order they are written. Nothing about any producer is hard-coded.
 */
final class Metadata {

    /** How a value of a type is encoded. */
    enum Kind {
        BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, STRUCT
    }

    /** One field: its name, type, whether the value is a constant-pool id, whether it is an array. */
    record Field(String name, long typeId, boolean constantPool, boolean array) {
    }

    /** One type. {@code fields} is empty for primitives. */
    static final class Type {
        final long id;
        final String name;
        final String superType;
        final List<Field> fields = new ArrayList<>();
        Kind kind = Kind.STRUCT;
        /** Resolved field types, parallel to {@link #fields}; set after all types are read. */
        Type[] fieldTypes;
        /**
         * For a struct whose fields are all single varints (integers, booleans or constant-pool ids) — a stack
         * frame, a method, a class — how many; else -1. Such a struct is skipped by counting varints.
         */
        int varintFields = -1;
        /** How each field is read, as one of the {@code CODE_*} constants: the decode loop's only dispatch. */
        byte[] codes;
        /** How many fields from the first are read as single varints ({@link #CODE_VARINT}). */
        int leadingVarints;

        Type(long id, String name, String superType) {
            this.id = id;
            this.name = name;
            this.superType = superType;
        }

        int fieldIndex(String fieldName) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(fieldName)) {
                    return i;
                }
            }
            return -1;
        }
    }

    static final byte CODE_VARINT = 0;
    static final byte CODE_BYTE = 1;
    static final byte CODE_FLOAT = 2;
    static final byte CODE_DOUBLE = 3;
    static final byte CODE_STRING = 4;
    static final byte CODE_SKIP = 5;
    static final byte CODE_INVALID = 6;

    private static final Map<String, Kind> PRIMITIVES = Map.of("boolean", Kind.BOOLEAN, "byte", Kind.BYTE,
            "char", Kind.CHAR, "short", Kind.SHORT, "int", Kind.INT, "long", Kind.LONG, "float", Kind.FLOAT,
            "double", Kind.DOUBLE, "java.lang.String", Kind.STRING);
    /** Bound on metadata strings and elements, so garbage cannot make us allocate without limit. */
    private static final int MAX_COUNT = 10_000_000;

    private final Map<Long, Type> byId = new HashMap<>();
    private final Map<String, Type> byName = new HashMap<>();

    Type type(long id) {
        return byId.get(id);
    }

    Type type(String name) {
        return byName.get(name);
    }

    Iterable<Type> types() {
        return byId.values();
    }

    /**
     * The metadata last read, given again for the next chunk whose metadata event has the same body: a JVM writes
     * the same metadata into every chunk until new event types appear, so most chunks skip parsing it (and the
     * JIT never has to compile the parser). The body is compared by a 64-bit hash of its bytes and its length.
     */
    static final class Cache {
        private long hash;
        private int length = -1;
        private Metadata metadata;

        /** The metadata event starting at the buffer's position. */
        synchronized Metadata read(ChunkBuffer in) {
            int start = in.position();
            int size = in.readVarInt();
            if (in.readVarLong() != 0) {
                throw new ChunkBuffer.Truncated(); // not a metadata event
            }
            in.readVarLong(); // start
            in.readVarLong(); // duration
            in.readVarLong(); // metadata id
            int body = in.position();
            int end = start + size;
            if (size <= 0 || end > in.limit() || end < body) {
                throw new ChunkBuffer.Truncated();
            }
            long h = in.hash(body, end);
            if (metadata != null && h == hash && end - body == length) {
                in.position(end);
                return metadata;
            }
            in.position(start);
            Metadata m = Metadata.read(in);
            hash = h;
            length = end - body;
            metadata = m;
            return m;
        }
    }

    /** Parses the metadata event starting at the buffer's position. */
    static Metadata read(ChunkBuffer in) {
        in.readVarInt(); // size
        long typeId = in.readVarLong();
        if (typeId != 0) {
            throw new ChunkBuffer.Truncated(); // not a metadata event
        }
        in.readVarLong(); // start
        in.readVarLong(); // duration
        in.readVarLong(); // metadata id
        int stringCount = bounded(in, in.readVarInt());
        String[] strings = new String[stringCount];
        for (int i = 0; i < stringCount; i++) {
            strings[i] = in.readString();
        }
        Metadata metadata = new Metadata();
        metadata.readElement(in, strings, null, null, 0);
        metadata.link();
        return metadata;
    }

    /** A count of things of at least one byte each: more than the bytes left is damage. */
    private static int bounded(ChunkBuffer in, int count) {
        if (count < 0 || count > MAX_COUNT || count > in.limit() - in.position()) {
            throw new ChunkBuffer.Truncated();
        }
        return count;
    }

    /** root → metadata → class → field → annotation: anything much deeper is damage (and would overflow the stack). */
    private static final int MAX_ELEMENT_DEPTH = 16;

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ChunkBuffer.Truncated(); // damaged metadata
        }
    }

    /** Elements nest as root → metadata → class → field; only classes and their fields matter here. */
    private void readElement(ChunkBuffer in, String[] strings, String parentName, Type parentType, int depth) {
        if (depth > MAX_ELEMENT_DEPTH) {
            throw new ChunkBuffer.Truncated();
        }
        String name = string(strings, in.readVarInt());
        int attributeCount = bounded(in, in.readVarInt());
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(string(strings, in.readVarInt()), string(strings, in.readVarInt()));
        }
        Type current = null;
        if ("class".equals(name)) {
            if (attributes.get("name") == null || attributes.get("id") == null) {
                throw new ChunkBuffer.Truncated(); // every class has both
            }
            current = new Type(number(attributes.get("id")), attributes.get("name"), attributes.get("superType"));
            byId.put(current.id, current);
            byName.put(current.name, current);
        } else if ("field".equals(name) && "class".equals(parentName) && parentType != null) {
            if (attributes.get("name") == null) {
                throw new ChunkBuffer.Truncated();
            }
            parentType.fields.add(new Field(attributes.get("name"), number(attributes.getOrDefault("class", "-1")),
                    "true".equals(attributes.get("constantPool")), attributes.containsKey("dimension")
                    && !"0".equals(attributes.get("dimension"))));
        }
        int childCount = bounded(in, in.readVarInt());
        for (int i = 0; i < childCount; i++) {
            readElement(in, strings, name, current != null ? current : parentType, depth + 1);
        }
    }

    private static String string(String[] strings, int index) {
        if (index < 0 || index >= strings.length) {
            throw new ChunkBuffer.Truncated();
        }
        return strings[index];
    }

    private void link() {
        // JDK 9/10 type names answer to their JDK 11 names too (com.oracle.jfr.types.StackTrace → jdk.types.StackTrace)
        for (Type t : List.copyOf(byId.values())) {
            byName.putIfAbsent(org.jfrtriage.analyzer.event.EventNames.canonical(t.name), t);
        }
        for (Type t : byId.values()) {
            Kind primitive = PRIMITIVES.get(t.name);
            if (primitive != null) {
                t.kind = primitive;
            }
            t.fieldTypes = new Type[t.fields.size()];
            for (int i = 0; i < t.fields.size(); i++) {
                t.fieldTypes[i] = byId.get(t.fields.get(i).typeId());
            }
        }
        for (Type t : byId.values()) {
            boolean allVarints = t.kind == Kind.STRUCT && !t.fields.isEmpty();
            for (int i = 0; i < t.fields.size() && allVarints; i++) {
                Field f = t.fields.get(i);
                Type ft = t.fieldTypes[i];
                // a boolean is one byte, 0 or 1: read as a varint it is the same single byte
                allVarints = !f.array() && ft != null && (f.constantPool() || ft.kind == Kind.INT || ft.kind == Kind.LONG
                        || ft.kind == Kind.SHORT || ft.kind == Kind.CHAR || ft.kind == Kind.BOOLEAN);
            }
            t.varintFields = allVarints ? t.fields.size() : -1;
            t.codes = new byte[t.fields.size()];
            for (int i = 0; i < t.fields.size(); i++) {
                t.codes[i] = code(t.fields.get(i), t.fieldTypes[i]);
            }
            while (t.leadingVarints < t.codes.length && t.codes[t.leadingVarints] == CODE_VARINT) {
                t.leadingVarints++;
            }
        }
    }

    private static byte code(Field f, Type ft) {
        if (ft == null) {
            return CODE_INVALID;
        }
        if (f.array()) {
            return CODE_SKIP;
        }
        if (f.constantPool()) {
            return CODE_VARINT;
        }
        switch (ft.kind) {
            case BOOLEAN:
            case BYTE:
                return CODE_BYTE;
            case CHAR:
            case SHORT:
            case INT:
            case LONG:
                return CODE_VARINT;
            case FLOAT:
                return CODE_FLOAT;
            case DOUBLE:
                return CODE_DOUBLE;
            case STRING:
                return CODE_STRING;
            case STRUCT:
            default:
                return CODE_SKIP;
        }
    }
}
