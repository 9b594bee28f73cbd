package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ModelEnrichment.NameFilter}: every name added is "maybe" (a model is never missed), and
 * of names never added, generated like the engine's (model and table names with counters, odd
 * characters), few are.
 */
class NameFilterTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 12).mapToObj(i -> 0xF11L * 101 + i);
    }

    private static String name(Random random, String prefix) {
        return switch (random.nextInt(3)) {
            case 0 -> prefix + String.format("%05d", random.nextInt(1_000_000));
            case 1 -> prefix + "_" + Integer.toHexString(random.nextInt());
            default -> prefix + "é" + random.nextInt(50_000);
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverMissesANameAndRarelyClaimsOne(long seed) {
        Random random = new Random(seed);
        int count = random.nextInt(20_000);
        Set<String> added = new HashSet<>();
        ModelEnrichment.NameFilter filter = new ModelEnrichment.NameFilter(count);
        for (int i = 0; i < count; i++) {
            String n = name(random, "m");
            added.add(n);
            filter.add(n);
        }
        for (String n : added) {
            assertThat(filter.mightHave(n)).as(n).isTrue();
        }
        List<String> absent = new ArrayList<>();
        while (absent.size() < 20_000) {
            String n = name(random, random.nextBoolean() ? "t" : "m");
            if (!added.contains(n)) {
                absent.add(n);
            }
        }
        long claimed = absent.stream().filter(filter::mightHave).count();
        assertThat(claimed).as("false positives among 20,000 absent names").isLessThan(600);
    }
}
