package org.jfrtriage.analyzer.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The open-addressing id map against {@link HashMap}: every key found with its latest value, through growth. */
class LongIntMapTest {

    @Test
    void agreesWithAHashMapThroughGrowthAndOverwrites() {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            LongIntMap map = new LongIntMap(1 + random.nextInt(100));
            Map<Long, Integer> expected = new HashMap<>();
            int n = 1 + random.nextInt(20_000);
            for (int i = 0; i < n; i++) {
                // clustered keys (ids), spread keys (hashes), negative ones, and the free marker itself
                long key = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(n);
                    case 1 -> random.nextLong();
                    case 2 -> -1 - random.nextInt(50);
                    default -> random.nextInt(50) == 0 ? Long.MIN_VALUE : (long) random.nextInt(n) << 32;
                };
                int value = random.nextInt();
                map.put(key, value);
                expected.put(key, value);
            }
            assertThat(map.size()).isEqualTo(expected.size());
            expected.forEach((k, v) -> assertThat(map.get(k)).as("key %d", k).isEqualTo(v));
            for (int i = 0; i < 1000; i++) {
                long absent = random.nextLong();
                if (!expected.containsKey(absent)) {
                    assertThat(map.get(absent)).isEqualTo(LongIntMap.MISSING);
                }
            }
            Map<Long, Integer> visited = new HashMap<>();
            map.forEach(visited::put);
            assertThat(visited).isEqualTo(expected);
            map.clear();
            assertThat(map.size()).isZero();
            expected.keySet().forEach(k -> assertThat(map.get(k)).isEqualTo(LongIntMap.MISSING));
        }
    }
}
