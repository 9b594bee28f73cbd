package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Definitions#groups()}: each group in the order of its first asset, with its keys in the
 * graph's order, the same whether the graph came from the builder's recorded runs, from a list of
 * assets, or from a graph rebuilt on the same keys with other groups.
 */
class DefinitionsGroupsTest {

    private static AssetSpec spec(String group, String table) {
        AssetKey key = AssetKey.of("duckdb", group, table);
        return new AssetSpec(key, group, List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** The oracle: one pass over the assets, as the orchestration's planner grouped them before. */
    private static Map<String, List<AssetKey>> grouped(List<AssetSpec> assets) {
        Map<String, List<AssetKey>> out = new LinkedHashMap<>();
        for (AssetSpec a : assets) {
            out.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(a.key());
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void seededGraphsGroupAsOnePassOverTheirAssetsGroups(long seed) {
        Random random = new Random(seed);
        List<AssetSpec> assets = new ArrayList<>();
        int n = random.nextInt(300);
        for (int i = 0; i < n; i++) {
            // runs of one group, with groups that come back after others (not all together)
            String group = random.nextInt(4) == 0 ? "g" + random.nextInt(5) : (assets.isEmpty() ? "g0" : assets.get(i - 1).group());
            assets.add(spec(new String(group.toCharArray()), "t" + i)); // equal groups, not always the same object
        }
        Definitions.Builder builder = new Definitions.Builder(random.nextInt(10));
        assets.forEach(a -> builder.add(a, null));
        Definitions built = builder.build(Optional.empty(), List.of());
        Definitions listed = new Definitions(assets);

        Map<String, List<AssetKey>> expected = grouped(assets);
        assertThat(built.groups()).isEqualTo(expected);
        assertThat(new ArrayList<>(built.groups().keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(listed.groups()).isEqualTo(expected);
        assertThat(new ArrayList<>(listed.groups().keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(built.groups()).as("made once").isSameAs(built.groups());
    }

    @Test
    void aGraphRebuiltOnTheSameKeysWithOtherGroupsGroupsItsOwnAssets() {
        Definitions.Builder builder = new Definitions.Builder(3);
        List<AssetSpec> first = List.of(spec("a", "t1"), spec("a", "t2"), spec("b", "t3"));
        first.forEach(s -> builder.add(s, null));
        Definitions built = builder.build(Optional.empty(), List.of());
        List<AssetSpec> regrouped = new ArrayList<>();
        for (AssetSpec s : built.assets()) {
            regrouped.add(new AssetSpec(s.key(), "z", s.deps(), s.kinds(), s.tags(), s.metadata(), s.checks(), s.freshness(), s.partitions()));
        }
        Definitions rebuilt = new Definitions(regrouped, Optional.empty(), built.runTargets());
        assertThat(built.groups()).containsOnlyKeys("a", "b");
        assertThat(rebuilt.groups()).containsOnlyKeys("z");
        assertThat(rebuilt.groups().get("z")).hasSize(3);
    }

    @Test
    void theGroupsAreUnmodifiableAndAnEmptyGraphHasNone() {
        Definitions.Builder builder = new Definitions.Builder(2);
        builder.add(spec("a", "t1"), null);
        Map<String, List<AssetKey>> groups = builder.build(Optional.empty(), List.of()).groups();
        assertThatThrownBy(() -> groups.put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> groups.get("a").add(AssetKey.of("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Definitions.empty().groups()).isEmpty();
        assertThat(new Definitions.Builder(0).build(Optional.empty(), List.of()).groups()).isEmpty();
    }
}
