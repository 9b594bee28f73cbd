package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Maps#orderedCopy}: whatever its size (the small array form up to {@link Maps#SMALL}
 * entries, a frozen linked map above), the copy is an immutable map equal to its source, in the
 * source's order, found by every key it holds and by none it does not.
 */
class MapsTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 0x5EEDL * 31 + i);
    }

    /** A map of 0 to 30 entries with generated keys (some sharing a hash code) and values. */
    private static LinkedHashMap<String, Object> generated(Random random) {
        int size = random.nextInt(31);
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        while (map.size() < size) {
            String key = switch (random.nextInt(3)) {
                case 0 -> "k" + random.nextInt(100);
                case 1 -> random.nextBoolean() ? "Aa" + random.nextInt(5) : "BB" + random.nextInt(5); // "Aa" and "BB" share a hash
                default -> "dagster/rocky/" + Integer.toHexString(random.nextInt());
            };
            map.put(key, random.nextBoolean() ? MetadataValue.text("v" + random.nextInt(10)) : (Object) random.nextLong());
        }
        return map;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCopyIsAnEqualImmutableMapInTheSourcesOrder(long seed) {
        Random random = new Random(seed);
        LinkedHashMap<String, Object> source = generated(random);
        Map<String, Object> copy = Maps.orderedCopy(source);

        assertThat(copy).isEqualTo(source);
        assertThat(source).isEqualTo(copy);
        assertThat(copy.hashCode()).isEqualTo(source.hashCode());
        assertThat(new ArrayList<>(copy.keySet())).containsExactlyElementsOf(source.keySet());
        assertThat(new ArrayList<>(copy.values())).containsExactlyElementsOf(source.values());
        List<String> visited = new ArrayList<>();
        copy.forEach((k, v) -> {
            visited.add(k);
            assertThat(v).isEqualTo(source.get(k));
        });
        assertThat(visited).containsExactlyElementsOf(source.keySet());
        for (String key : source.keySet()) {
            assertThat(copy.get(key)).as(key).isEqualTo(source.get(key));
            assertThat(copy.containsKey(new String(key))).as("found by an equal key, not only the same instance").isTrue();
        }
        for (String absent : List.of("absent", "Ab0", "k100", "")) {
            assertThat(copy.containsKey(absent)).isEqualTo(source.containsKey(absent));
            assertThat(copy.get(absent)).isEqualTo(source.get(absent));
        }
        assertThat(copy.get(null)).isNull();
        assertThat(copy.containsKey(null)).isFalse();
        assertThat(Maps.orderedCopy(copy)).as("a copy of a copy is the copy").isSameAs(copy);

        source.put("changed-after", 1L);
        assertThat(copy).as("the copy does not follow its source").doesNotContainKey("changed-after");
        if (!copy.isEmpty()) {
            String first = copy.keySet().iterator().next();
            assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> copy.remove(first)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(2L)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> {
                var it = copy.keySet().iterator();
                it.next();
                it.remove();
            }).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void bothFormsAreUsedAndTellTheirNullKeyOrValue() {
        Map<String, Object> small = new LinkedHashMap<>();
        Map<String, Object> large = new LinkedHashMap<>();
        for (int i = 0; i < Maps.SMALL + 1; i++) {
            large.put("k" + i, (long) i);
            if (i < Maps.SMALL) {
                small.put("k" + i, (long) i);
            }
        }
        assertThat(Maps.orderedCopy(small).getClass().getSimpleName()).isEqualTo("Small");
        assertThat(Maps.orderedCopy(large).getClass().getSimpleName()).isEqualTo("Frozen");
        assertThat(Maps.orderedCopy(Map.of())).isEmpty();
        for (Map<String, Object> shape : List.of(new HashMap<String, Object>(small), new HashMap<String, Object>(large))) {
            shape.put("nothing", null);
            assertThatThrownBy(() -> Maps.orderedCopy(shape)).isInstanceOf(NullPointerException.class).hasMessageContaining("nothing");
        }
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertThatThrownBy(() -> Maps.orderedCopy(nullKey)).isInstanceOf(NullPointerException.class).hasMessageContaining("key");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theBuilderPutsAsALinkedHashMapDoesOneMapAfterAnother(long seed) {
        Random random = new Random(seed);
        Maps.OrderedBuilder<String, Object> builder = new Maps.OrderedBuilder<>();
        for (int round = 0; round < 5; round++) {
            LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
            LinkedHashMap<String, Object> puts = generated(random);
            List<String> keys = new ArrayList<>(puts.keySet());
            for (String key : keys) {
                expected.put(key, puts.get(key));
                builder.put(key, puts.get(key));
                if (random.nextInt(4) == 0) { // put a known key again: its value changes, its place does not
                    String again = keys.get(random.nextInt(expected.size()));
                    Object value = MetadataValue.text("again" + random.nextInt(9));
                    expected.put(again, value);
                    builder.put(again, value);
                }
            }
            if (random.nextInt(5) == 0) {
                builder.put("dropped", 1L);
                builder.clear();
                builder.putAll(expected);
            }
            assertThat(builder.size()).isEqualTo(expected.size());
            Map<String, Object> built = builder.build();

            assertThat(built).isEqualTo(expected);
            assertThat(new ArrayList<>(built.keySet())).containsExactlyElementsOf(expected.keySet());
            assertThat(Maps.orderedCopy(built)).isSameAs(built);
            assertThat(builder.size()).isZero();
            assertThatThrownBy(() -> built.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void mapsOfTheSameKeysBuiltInTurnStayApart() {
        Maps.OrderedBuilder<String, Object> builder = new Maps.OrderedBuilder<>();
        Map<String, Object> first = builder.put("source_id", "a").put("row_count", 1L).build();
        Map<String, Object> second = builder.put("source_id", "b").put("row_count", 2L).build();
        Map<String, Object> third = builder.put("row_count", 3L).put("source_id", "c").build();

        assertThat(first).containsExactly(Map.entry("source_id", "a"), Map.entry("row_count", 1L));
        assertThat(second).containsExactly(Map.entry("source_id", "b"), Map.entry("row_count", 2L));
        assertThat(third).containsExactly(Map.entry("row_count", 3L), Map.entry("source_id", "c"));
        assertThat(builder.build()).isEmpty();
        assertThatThrownBy(() -> builder.put(null, 1L)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.put("k", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("value of k");
    }

    /**
     * {@link Maps#equalInOrder} against its definition (equal keys and values, pair by pair, in
     * iteration order), on pairs of every form: the builder's small maps that share a key array,
     * small maps built apart, frozen maps above {@link Maps#SMALL} entries, JDK maps; each pair
     * equal, reordered, with one value changed, or with one entry dropped.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void equalInOrderIsEqualEntriesInTheSameOrder(long seed) {
        Random random = new Random(seed);
        LinkedHashMap<String, Object> source = generated(random);
        List<String> keys = new ArrayList<>(source.keySet());
        LinkedHashMap<String, Object> other = new LinkedHashMap<>();
        int change = random.nextInt(4);
        if (change == 1 && keys.size() > 1) {
            java.util.Collections.rotate(keys, 1 + random.nextInt(keys.size() - 1));
        }
        for (String key : keys) {
            other.put(new String(key), source.get(key));
        }
        if (change == 2 && !keys.isEmpty()) {
            other.put(keys.get(random.nextInt(keys.size())), MetadataValue.text("changed"));
        } else if (change == 3 && !keys.isEmpty()) {
            other.remove(keys.get(random.nextInt(keys.size())));
        }
        boolean expected = new ArrayList<>(source.entrySet()).equals(new ArrayList<>(other.entrySet()));
        Maps.OrderedBuilder<String, Object> builder = new Maps.OrderedBuilder<>();
        Map<String, Object> a = builder.putAll(source).build();
        Map<String, Object> b = builder.putAll(other).build(); // shares a's key array when the keys are the same

        assertThat(Maps.equalInOrder(a, b)).isEqualTo(expected);
        assertThat(Maps.equalInOrder(b, a)).isEqualTo(expected);
        assertThat(Maps.equalInOrder(Maps.orderedCopy(source), Maps.orderedCopy(other))).isEqualTo(expected);
        assertThat(Maps.equalInOrder(source, other)).isEqualTo(expected);
        assertThat(Maps.equalInOrder(a, other)).isEqualTo(expected);
        assertThat(Maps.equalInOrder(a, a)).isTrue();
        if (change == 1 && keys.size() > 1) {
            assertThat(expected).as("a reordered map is not equal in order").isFalse();
            assertThat(a).as("though Map.equals says it is equal").isEqualTo(b);
        }
    }
}
