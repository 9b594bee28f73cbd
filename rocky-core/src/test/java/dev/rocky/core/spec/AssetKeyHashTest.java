package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssetKeyHashTest {

    /** Keys as a 10,000-table project names them: 100 sources × 100 tables. */
    private static List<AssetKey> generatedKeys() {
        List<AssetKey> keys = new ArrayList<>(10_000);
        for (int s = 0; s < 100; s++) {
            for (int t = 0; t < 100; t++) {
                keys.add(AssetKey.of("duckdb", String.format("src%04d", s), String.format("t%04d", t)));
            }
        }
        return keys;
    }

    @Test
    void equalPathsGiveEqualKeysAndHashes() {
        AssetKey a = AssetKey.of("duckdb", "orders", "orders");
        AssetKey b = new AssetKey(new ArrayList<>(List.of("duckdb", "orders", "orders")));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(AssetKey.of("duckdb", "orders")).isNotEqualTo(AssetKey.of("duckdb", "orders", "order"));
        assertThat(a.equals("duckdb/orders/orders")).isFalse();
        assertThat(a.path()).containsExactly("duckdb", "orders", "orders");
    }

    /** A sibling is the key of the same segments made afresh, for every length; the key it came from is unchanged. */
    @Test
    void aSiblingEqualsTheKeyMadeFromItsSegments() {
        for (int length = 1; length <= 7; length++) {
            List<String> segments = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                segments.add("s" + i);
            }
            AssetKey key = new AssetKey(segments);
            AssetKey sibling = key.withLeaf("leaf");
            List<String> expected = new ArrayList<>(segments.subList(0, length - 1));
            expected.add("leaf");
            assertThat(sibling).isEqualTo(new AssetKey(expected)).hasSameHashCodeAs(new AssetKey(expected));
            assertThat(sibling.path()).containsExactlyElementsOf(expected);
            assertThat(sibling.leaf()).isEqualTo("leaf");
            assertThat(key.path()).containsExactlyElementsOf(segments);
            assertThatThrownBy(() -> sibling.path().add("x")).isInstanceOf(UnsupportedOperationException.class);
        }
        AssetKey key = AssetKey.of("duckdb", "orders", "orders");
        assertThatThrownBy(() -> key.withLeaf("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> key.withLeaf(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void generatedNamesDoNotCollideAsTheyDoUnderTheListHash() {
        List<AssetKey> keys = generatedKeys();
        Set<Integer> listHashes = new HashSet<>();
        Set<Integer> keyHashes = new HashSet<>();
        for (AssetKey key : keys) {
            listHashes.add(key.path().hashCode());
            keyHashes.add(key.hashCode());
        }
        assertThat(listHashes).as("List.hashCode folds src/t digits together").hasSizeLessThan(2_000);
        assertThat(keyHashes).as("distinct hashes out of 10,000 keys").hasSizeGreaterThan(9_990);
        assertThat(keyHashes.stream().filter(h -> (h & 0xff) == 0).count())
                .as("the low byte, which open-addressing tables index by, is spread evenly").isBetween(10L, 80L);
    }

    @Test
    void aTenThousandKeyImmutableMapFindsEveryKey() {
        Map<AssetKey, Integer> source = new LinkedHashMap<>();
        List<AssetKey> keys = generatedKeys();
        for (int i = 0; i < keys.size(); i++) {
            source.put(keys.get(i), i);
        }
        Map<AssetKey, Integer> copy = Map.copyOf(source);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(copy.get(AssetKey.of(keys.get(i).path().toArray(String[]::new)))).isEqualTo(i);
        }
    }

    @Test
    void tagsEqualToAnotherSpecsAreHeldOnce() {
        AssetSpec first = spec("a", new LinkedHashMap<>(Map.of("rocky/source_type", "duckdb")));
        AssetSpec second = spec("b", first.tags());
        assertThat(second.tags()).isSameAs(first.tags());
        AssetSpec third = spec("c", new LinkedHashMap<>(Map.of("rocky/source_type", "duckdb")));
        assertThat(third.tags()).isEqualTo(first.tags()).isNotSameAs(first.tags());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.tags().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.tags().entrySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static AssetSpec spec(String name, Map<String, String> tags) {
        return new AssetSpec(AssetKey.of(name), "g", List.of(), List.of("rocky"), tags, Map.of(), List.of(),
                java.util.Optional.empty(), java.util.Optional.empty());
    }
}
