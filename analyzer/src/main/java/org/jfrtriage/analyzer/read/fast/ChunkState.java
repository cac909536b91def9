package org.jfrtriage.analyzer.read.fast;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading one chunk came to: the value the read summary is made of. {@code COMPLETE} — every event read and
 * nothing distrusted (a note, such as a header clock replaced by the events' span, may still be said);
 * {@code CUT} — the recording's end, read as far as it goes; {@code DAMAGED} — something in it could not be read or
 * is not to be trusted. {@code warnings} says why, in the order found, as the summary repeats them.
 *
 * @param bytesRead bytes of the chunk that held whole events that were read (0 for a chunk skipped whole)
 */
record ChunkState(Kind kind, long bytesRead, List<String> warnings) {

    enum Kind { COMPLETE, CUT, DAMAGED }

    ChunkState {
        warnings = List.copyOf(warnings);
    }

    /** A chunk none of whose events could be read, and why. */
    static ChunkState damaged(String why) {
        return new ChunkState(Kind.DAMAGED, 0, List.of(why));
    }

    /** A cut chunk none of whose events could be read, and why. */
    static ChunkState cut(String why) {
        return new ChunkState(Kind.CUT, 0, List.of(why));
    }

    /** Whether the summary may call the reading complete as far as this chunk goes. */
    boolean complete() {
        return kind == Kind.COMPLETE;
    }

    /** Gathers a chunk's state while its events are read; damage outranks a cut. */
    static final class Builder {
        private Kind kind = Kind.COMPLETE;
        private final List<String> warnings = new ArrayList<>();
        private long bytesRead;

        void damaged(String why) {
            kind = Kind.DAMAGED;
            warnings.add(why);
        }

        void cut(String why) {
            if (kind == Kind.COMPLETE) {
                kind = Kind.CUT;
            }
            warnings.add(why);
        }

        /** Something to say that does not make the reading incomplete. */
        void note(String what) {
            warnings.add(what);
        }

        void bytesRead(long bytes) {
            bytesRead = bytes;
        }

        ChunkState build() {
            return new ChunkState(kind, bytesRead, warnings);
        }
    }
}
