package org.jfrtriage.analyzer.read.fast;

/** Decoding and skipping of values by their metadata type. */
final class Values {
    /** Nested structs deeper than this are damage, not data. */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ARRAY = 10_000_000;

    private Values() {
    }

    /** Skips one constant-pool entry of {@code type}. */
    static void skipEntry(ChunkBuffer in, Metadata.Type type) {
        skip(in, type, false, false, 0);
    }

    static void skip(ChunkBuffer in, Metadata.Type type, boolean constantPool, boolean array) {
        skip(in, type, constantPool, array, 0);
    }

    private static void skip(ChunkBuffer in, Metadata.Type type, boolean constantPool, boolean array, int depth) {
        if (type == null || depth > MAX_DEPTH) {
            throw new ChunkBuffer.Truncated();
        }
        if (array) {
            int n = in.readVarInt();
            if (n < 0 || n > MAX_ARRAY || n > in.limit() - in.position()) { // an element is at least a byte
                throw new ChunkBuffer.Truncated();
            }
            if (!constantPool && type.varintFields > 0) { // e.g. a stack trace's frames: count varints
                in.skipVarInts(n * type.varintFields);
                return;
            }
            for (int i = 0; i < n; i++) {
                skip(in, type, constantPool, false, depth + 1);
            }
            return;
        }
        if (constantPool) {
            in.readVarLong();
            return;
        }
        switch (type.kind) {
            case BOOLEAN:
            case BYTE:
                in.skip(1);
                return;
            case CHAR:
            case SHORT:
            case INT:
            case LONG:
                in.readVarLong();
                return;
            case FLOAT:
                in.skip(4);
                return;
            case DOUBLE:
                in.skip(8);
                return;
            case STRING:
                in.skipString();
                return;
            case STRUCT:
            default:
                if (type.varintFields > 0) {
                    in.skipVarInts(type.varintFields);
                    return;
                }
                for (int i = 0; i < type.fieldTypes.length; i++) {
                    Metadata.Field f = type.fields.get(i);
                    skip(in, type.fieldTypes[i], f.constantPool(), f.array(), depth + 1);
                }
        }
    }

    /**
     * Reads the fields of a struct into slots: integers, booleans and constant-pool ids into {@code longs},
     * strings into {@code strings} (a string-pool reference leaves null and its id in {@code longs}); arrays
     * and inline structs are skipped.
     */
    static void readFields(ChunkBuffer in, Metadata.Type type, long[] longs, String[] strings) {
        readFields(in, type, longs, strings, type.codes.length);
    }

    /** Reads the first {@code fields} fields only (the caller moves to the next value by a size it knows). */
    static void readFields(ChunkBuffer in, Metadata.Type type, long[] longs, String[] strings, int fields) {
        byte[] codes = type.codes;
        if (fields <= type.leadingVarints) { // the frequent events: integers and constant-pool ids only
            in.readVarLongs(longs, fields);
            return;
        }
        for (int i = 0; i < fields; i++) {
            switch (codes[i]) {
                case Metadata.CODE_VARINT:
                    longs[i] = in.readVarLong();
                    strings[i] = null;
                    break;
                case Metadata.CODE_BYTE:
                    longs[i] = in.readByte();
                    strings[i] = null;
                    break;
                case Metadata.CODE_FLOAT:
                    longs[i] = Double.doubleToRawLongBits(in.readFloat());
                    strings[i] = null;
                    break;
                case Metadata.CODE_DOUBLE:
                    longs[i] = Double.doubleToRawLongBits(in.readDouble());
                    strings[i] = null;
                    break;
                case Metadata.CODE_STRING:
                    in.lastStringRef = -1;
                    strings[i] = in.readString();
                    longs[i] = strings[i] == null ? in.lastStringRef : 0; // -1: null; else a string-pool id
                    break;
                case Metadata.CODE_SKIP: {
                    Metadata.Field f = type.fields.get(i);
                    skip(in, type.fieldTypes[i], f.constantPool(), f.array());
                    longs[i] = 0;
                    strings[i] = null;
                    break;
                }
                default:
                    throw new ChunkBuffer.Truncated();
            }
        }
    }
}
