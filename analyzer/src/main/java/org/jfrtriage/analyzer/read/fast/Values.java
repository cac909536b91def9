package org.jfrtriage.analyzer.read.fast;

/** Decoding and skipping of values by their metadata type. */
final class Values {
    /** Nested structs deeper than this are damage, not data. */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ARRAY = 10_000_000;

    private Values() {
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
            if (n < 0 || n > MAX_ARRAY) {
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
        for (int i = 0; i < type.fieldTypes.length; i++) {
            Metadata.Field f = type.fields.get(i);
            Metadata.Type ft = type.fieldTypes[i];
            if (ft == null) {
                throw new ChunkBuffer.Truncated();
            }
            strings[i] = null;
            longs[i] = 0;
            if (f.array()) {
                skip(in, ft, f.constantPool(), true);
                continue;
            }
            if (f.constantPool()) {
                longs[i] = in.readVarLong();
                continue;
            }
            switch (ft.kind) {
                case BOOLEAN:
                case BYTE:
                    longs[i] = in.readByte();
                    break;
                case CHAR:
                case SHORT:
                case INT:
                case LONG:
                    longs[i] = in.readVarLong();
                    break;
                case FLOAT:
                    longs[i] = Double.doubleToRawLongBits(in.readFloat());
                    break;
                case DOUBLE:
                    longs[i] = Double.doubleToRawLongBits(in.readDouble());
                    break;
                case STRING:
                    in.lastStringRef = -1;
                    strings[i] = in.readString();
                    longs[i] = strings[i] == null ? in.lastStringRef : 0; // -1: null; else a string-pool id
                    break;
                case STRUCT:
                default:
                    skip(in, ft, false, false);
            }
        }
    }
}
