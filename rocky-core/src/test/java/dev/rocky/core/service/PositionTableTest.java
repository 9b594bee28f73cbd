package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PositionTable} against a {@link HashMap} of positions: seeded graphs and selections
 * (dense and hashed, neighbouring and scattered positions, far more positions set than expected)
 * are written with {@code put} and {@code or}, and every position of the graph reads the same.
 */
class PositionTableTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 0x7AB1EL * 31 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyPositionReadsWhatAMapOfPositionsReads(long seed) {
        Random random = new Random(seed);
        int graph = 1 + random.nextInt(random.nextBoolean() ? 50 : 20_000);
        int expected = random.nextInt(graph + 1) / (random.nextBoolean() ? 1 : 40);
        PositionTable table = PositionTable.forPositions(graph, expected);
        Map<Integer, Long> model = new HashMap<>();
        int writes = random.nextInt(3 * expected + 10); // often more than expected: the hashed table grows
        int base = random.nextInt(graph);
        for (int w = 0; w < writes; w++) {
            int position = random.nextBoolean() ? (base + w) % graph : random.nextInt(graph); // neighbours or scattered
            long bits = random.nextInt(4) == 0 ? 0 : 1L << random.nextInt(64);
            if (random.nextBoolean()) {
                long before = table.or(position, bits);
                assertThat(before).as("or returns the value before, at %d", position).isEqualTo(model.getOrDefault(position, 0L));
                model.merge(position, bits, (a, b) -> a | b);
            } else {
                table.put(position, bits);
                model.put(position, bits);
            }
        }
        for (int position = 0; position < graph; position++) {
            assertThat(table.get(position)).as("position %d of %d", position, graph).isEqualTo(model.getOrDefault(position, 0L));
        }
    }

    @Test
    void aSelectionOfAnEighthOfTheGraphOrMoreIsDenseAndLessIsHashed() {
        assertThat(PositionTable.forPositions(100_000, 12_500).isDense()).isTrue();
        assertThat(PositionTable.forPositions(100_000, 100_000).isDense()).isTrue();
        assertThat(PositionTable.forPositions(100_000, 12_499).isDense()).isFalse();
        assertThat(PositionTable.forPositions(1_000_000, 1).isDense()).as("one asset of a million").isFalse();
        assertThat(PositionTable.forPositions(0, 0).isDense()).as("an empty graph").isTrue();
    }

    @Test
    void oneAssetOfAMillionTakesAFewSlotsAndStillGrowsWhenMoreAreSet() {
        PositionTable table = PositionTable.forPositions(1_000_000, 1);
        for (int p = 999_000; p < 1_000_000; p++) {
            table.or(p, 1L << (p % 64));
        }
        assertThat(table.get(999_999)).isEqualTo(1L << (999_999 % 64));
        assertThat(table.get(999_000)).isEqualTo(1L << (999_000 % 64));
        assertThat(table.get(0)).isZero();
        assertThat(table.get(998_999)).isZero();
    }

    @Test
    void aNegativeCountIsRefusedWithBothCounts() {
        assertThatThrownBy(() -> PositionTable.forPositions(10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 assets").hasMessageContaining("-1");
        assertThatThrownBy(() -> PositionTable.forPositions(-5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }
}
