package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyIndex} against a {@link HashMap} of positions: seeded keys (repeats included, a
 * capacity hint far too small or too large) are added and looked up, and every answer matches.
 */
class KeyIndexTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0x1DE7L * 17 + i);
    }

    private static AssetKey generated(Random random) {
        int segments = 1 + random.nextInt(3);
        List<String> path = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            path.add(switch (random.nextInt(3)) {
                case 0 -> "src" + random.nextInt(20);
                case 1 -> random.nextBoolean() ? "Aa" : "BB"; // one String hash code
                default -> "t" + random.nextInt(500);
            });
        }
        return new AssetKey(path);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void answersAsAHashMapOfPositionsDoes(long seed) {
        Random random = new Random(seed);
        int adds = random.nextInt(3_000);
        KeyIndex index = new KeyIndex(random.nextBoolean() ? random.nextInt(8) : adds * 3);
        Map<AssetKey, Integer> expected = new HashMap<>();
        List<AssetKey> order = new ArrayList<>();
        for (int i = 0; i < adds; i++) {
            AssetKey key = generated(random);
            Integer before = expected.get(key);
            int answer = index.add(new AssetKey(key.path())); // an equal key, never the same object
            if (before == null) {
                assertThat(answer).isEqualTo(order.size());
                expected.put(key, order.size());
                order.add(key);
            } else {
                assertThat(answer).isEqualTo(-1 - before);
            }
        }
        assertThat(index.size()).isEqualTo(order.size());
        for (int i = 0; i < order.size(); i++) {
            assertThat(index.key(i)).isEqualTo(order.get(i));
            assertThat(index.find(new AssetKey(order.get(i).path()))).isEqualTo(i);
        }
        for (int i = 0; i < 200; i++) {
            AssetKey probe = generated(random);
            assertThat(index.find(probe)).isEqualTo(expected.getOrDefault(probe, -1));
        }
    }

    @Test
    void findsNothingThatIsNotAnAssetKey() {
        KeyIndex index = new KeyIndex(0);
        index.add(AssetKey.of("a"));
        assertThat(index.find(AssetKey.of("a"))).isZero();
        assertThat(index.find(List.of("a"))).isEqualTo(-1);
        assertThat(index.find(null)).isEqualTo(-1);
        assertThat(index.find("a")).isEqualTo(-1);
    }
}
