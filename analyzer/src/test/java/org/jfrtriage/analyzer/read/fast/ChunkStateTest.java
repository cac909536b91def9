package org.jfrtriage.analyzer.read.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkStateTest {

    @Test
    void aChunkWithOnlyANoteIsCompleteAndSaysTheNote() {
        ChunkState.Builder b = new ChunkState.Builder();
        b.note("its header clock was replaced");
        b.bytesRead(1234);
        ChunkState s = b.build();
        assertThat(s.kind()).isEqualTo(ChunkState.Kind.COMPLETE);
        assertThat(s.complete()).isTrue();
        assertThat(s.bytesRead()).isEqualTo(1234);
        assertThat(s.warnings()).containsExactly("its header clock was replaced");
    }

    @Test
    void damageOutranksACutWhicheverComesFirstAndEveryWhyIsKeptInOrder() {
        ChunkState.Builder cutThenDamaged = new ChunkState.Builder();
        cutThenDamaged.cut("cut");
        assertThat(cutThenDamaged.build().kind()).isEqualTo(ChunkState.Kind.CUT);
        cutThenDamaged.damaged("overruns");
        assertThat(cutThenDamaged.build().kind()).isEqualTo(ChunkState.Kind.DAMAGED);
        ChunkState.Builder damagedThenCut = new ChunkState.Builder();
        damagedThenCut.damaged("truncated scan");
        damagedThenCut.cut("cut");
        ChunkState s = damagedThenCut.build();
        assertThat(s.kind()).isEqualTo(ChunkState.Kind.DAMAGED);
        assertThat(s.complete()).isFalse();
        assertThat(s.warnings()).containsExactly("truncated scan", "cut");
    }

    @Test
    void aChunkSkippedWholeReadNoBytes() {
        assertThat(ChunkState.damaged("why")).isEqualTo(new ChunkState(ChunkState.Kind.DAMAGED, 0, java.util.List.of("why")));
        assertThat(ChunkState.cut("why").complete()).isFalse();
    }
}
