package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The graph's key index: {@link Definitions.Builder} hashes each key once and refuses a repeat;
 * the built graph finds assets and run targets by key, iterates its run targets in the assets'
 * order, and a graph rebuilt on the same keys keeps the index while one on other keys is checked
 * again.
 */
class DefinitionsIndexTest {

    private static AssetSpec spec(String... path) {
        AssetKey key = AssetKey.of(path);
        return new AssetSpec(key, "g", List.of(), List.of("rocky"), Map.of(), Map.of(),
                AssetCheckSpec.onAsset(key, List.of("row_count"), List.of("rows")), Optional.empty(), Optional.empty());
    }

    private static RunTarget target(String table) {
        return new RunTarget.SourceTable("src", Map.of(), List.of("duckdb", "src", table), Optional.empty());
    }

    @Test
    void theBuilderRefusesARepeatedKeyAndKeepsTheFirst() {
        Definitions.Builder builder = new Definitions.Builder(1);
        assertThat(builder.add(spec("duckdb", "a"), target("a"))).isTrue();
        assertThat(builder.add(spec("duckdb", "b"), null)).isTrue();
        assertThat(builder.add(spec("duckdb", "a"), target("other"))).isFalse();
        assertThat(builder.contains(AssetKey.of("duckdb", "a"))).isTrue();
        assertThat(builder.contains(AssetKey.of("duckdb", "c"))).isFalse();
        assertThat(builder.runTarget(AssetKey.of("duckdb", "a"))).contains(target("a"));
        assertThat(builder.runTarget(AssetKey.of("duckdb", "b"))).isEmpty();
        assertThat(builder.size()).isEqualTo(2);

        Definitions defs = builder.build(Optional.of("v1"), List.of("left out"));

        assertThat(defs.assets()).extracting(AssetSpec::key).containsExactly(AssetKey.of("duckdb", "a"), AssetKey.of("duckdb", "b"));
        assertThat(defs.runTargets()).containsExactly(Map.entry(AssetKey.of("duckdb", "a"), target("a")));
        assertThat(defs.asset(AssetKey.of("duckdb", "b"))).contains(spec("duckdb", "b"));
        assertThat(defs.asset(AssetKey.of("duckdb", "c"))).isEmpty();
        assertThat(defs.runTarget(AssetKey.of("duckdb", "b"))).isEmpty();
        assertThat(defs.leftOut()).containsExactly("left out");
        assertThatThrownBy(() -> builder.add(spec("duckdb", "d"), null)).isInstanceOf(IllegalStateException.class);
    }

    /** The built graph's assets are taken without a copy, and stay immutable and equal to a copy of them. */
    @Test
    void theBuiltAssetsAreImmutableAndKeptAsTheyAreByALaterGraph() {
        Definitions.Builder builder = new Definitions.Builder(0);
        for (int i = 0; i < 20; i++) {
            builder.add(spec("duckdb", "t" + i), i % 2 == 0 ? target("t" + i) : null);
        }
        Definitions defs = builder.build(Optional.empty(), List.of());
        List<AssetSpec> assets = defs.assets();

        assertThatThrownBy(() -> assets.add(spec("duckdb", "x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> assets.set(0, spec("duckdb", "x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> assets.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> assets.get(20)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(assets).isEqualTo(List.copyOf(assets)).hasSameHashCodeAs(List.copyOf(assets)).hasSize(20);
        Definitions again = new Definitions(assets, Optional.empty(), defs.runTargets(), List.of(), Map.of());
        assertThat(again.assets()).isSameAs(assets);
        assertThat(again.runTarget(AssetKey.of("duckdb", "t4"))).contains(target("t4"));
        assertThat(again.runTarget(AssetKey.of("duckdb", "t5"))).isEmpty();
    }

    /** {@code n} assets {@code duckdb.t<i>}, and a run target for each whose index is not a multiple of {@code every}. */
    private record Graph(List<AssetSpec> assets, Map<AssetKey, RunTarget> targets, Definitions defs) {
        static Graph of(int n, int every) {
            List<AssetSpec> assets = new ArrayList<>();
            Map<AssetKey, RunTarget> targets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                assets.add(spec("duckdb", "t" + i));
                if (i % every != 0) {
                    targets.put(AssetKey.of("duckdb", "t" + i), target("t" + i));
                }
            }
            return new Graph(assets, targets, new Definitions(assets, Optional.empty(), targets));
        }
    }

    @Test
    void aPositionFoundOnceGivesTheAssetAndItsRunTargetAsTheKeyLookupsDo() {
        Graph graph = Graph.of(50, 4);
        List<AssetSpec> assets = graph.assets();
        Definitions defs = graph.defs();

        for (int i = 0; i < assets.size(); i++) {
            AssetKey key = AssetKey.of("duckdb", "t" + i);
            assertThat(defs.indexOf(key)).isEqualTo(i);
            assertThat(defs.assets().get(defs.indexOf(key))).isEqualTo(assets.get(i));
            assertThat(defs.runTargetAt(i)).isEqualTo(defs.runTarget(key));
            assertThat(defs.runTargetAt(i).isPresent()).isEqualTo(i % 4 != 0);
        }
        assertThat(defs.indexOf(AssetKey.of("duckdb", "absent"))).isEqualTo(-1);
        assertThatThrownBy(() -> defs.runTargetAt(50)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> defs.runTargetAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * A guessed position is the answer only when it holds the very key object; any other guess (a
     * wrong position, an equal key made afresh, out of range) gives what the index gives.
     */
    @Test
    void aGuessedPositionIsTakenOnlyWhenItHoldsThatKeyObject() {
        Graph graph = Graph.of(40, 3);
        Definitions defs = graph.defs();
        for (int i = 0; i < 40; i++) {
            AssetKey own = defs.assets().get(i).key();
            AssetKey equal = AssetKey.of("duckdb", "t" + i);
            for (int guess : new int[] {i, i - 1, i + 1, 0, 39, -1, 40, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                assertThat(defs.indexOf(own, guess)).as("own key %d, guess %d", i, guess).isEqualTo(i);
                assertThat(defs.indexOf(equal, guess)).as("equal key %d, guess %d", i, guess).isEqualTo(i);
            }
        }
        // a key the graph does not hold is absent whatever the guess
        for (int guess : new int[] {0, 7, 39, -1, 40}) {
            assertThat(defs.indexOf(AssetKey.of("duckdb", "absent"), guess)).isEqualTo(-1);
        }
        // a selection walked in the graph's order, each guess the previous position + 1, finds every position
        int previous = -1;
        for (AssetSpec spec : defs.assets()) {
            int at = defs.indexOf(spec.key(), previous + 1);
            assertThat(at).isEqualTo(previous + 1);
            previous = at;
        }
    }

    @Test
    void runTargetsIterateInTheAssetsOrderAndEqualAPlainMap() {
        Graph graph = Graph.of(300, 3);
        List<AssetSpec> assets = graph.assets();
        Map<AssetKey, RunTarget> targets = graph.targets();
        Definitions defs = graph.defs();

        List<AssetKey> inAssetOrder = new ArrayList<>();
        for (AssetSpec a : assets) {
            if (targets.containsKey(a.key())) {
                inAssetOrder.add(a.key());
            }
        }
        assertThat(new ArrayList<>(defs.runTargets().keySet())).containsExactlyElementsOf(inAssetOrder);
        assertThat(defs.runTargets()).isEqualTo(targets).hasSize(200);
        assertThat(targets).isEqualTo(defs.runTargets());
        assertThat(defs.runTargets().hashCode()).isEqualTo(targets.hashCode());
        assertThat(defs.runTargets().get(AssetKey.of("duckdb", "t0"))).isNull();
        assertThat(defs.runTargets().containsKey(AssetKey.of("duckdb", "t1"))).isTrue();
        assertThat(defs.runTargets().get("not a key")).isNull();
        assertThatThrownBy(() -> defs.runTargets().put(AssetKey.of("x"), target("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aGraphRebuiltOnOtherKeysIsCheckedAgain() {
        Definitions.Builder builder = new Definitions.Builder(2);
        builder.add(spec("duckdb", "a"), target("a"));
        builder.add(spec("duckdb", "b"), target("b"));
        Definitions defs = builder.build(Optional.empty(), List.of());

        Definitions same = new Definitions(List.of(spec("duckdb", "a"), spec("duckdb", "b")), Optional.empty(), defs.runTargets());
        assertThat(same.runTargets()).isEqualTo(defs.runTargets());
        assertThat(same.asset(AssetKey.of("duckdb", "b"))).isPresent();

        assertThatThrownBy(() -> new Definitions(List.of(spec("duckdb", "a")), Optional.empty(), defs.runTargets()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run target for duckdb/b");
        Definitions reordered = new Definitions(List.of(spec("duckdb", "b"), spec("duckdb", "a")), Optional.empty(), defs.runTargets());
        assertThat(new ArrayList<>(reordered.runTargets().keySet())).containsExactly(AssetKey.of("duckdb", "b"), AssetKey.of("duckdb", "a"));
        assertThat(reordered.runTarget(AssetKey.of("duckdb", "a"))).contains(target("a"));
        assertThatThrownBy(() -> new Definitions(List.of(spec("duckdb", "a"), spec("duckdb", "a")), Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two assets share the key duckdb/a");
        Map<AssetKey, List<CheckVerdict>> stray = new LinkedHashMap<>();
        stray.put(AssetKey.of("nowhere"), List.of());
        assertThatThrownBy(() -> new Definitions(List.of(spec("duckdb", "a")), Optional.empty(), Map.of(), List.of(), stray))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("check verdicts for nowhere");
    }

    @Test
    void checksOnAnAssetAreAListOfSpecsMadeWhenRead() {
        AssetKey key = AssetKey.of("duckdb", "a");
        List<AssetCheckSpec> checks = AssetCheckSpec.onAsset(key, List.of("row_count", "freshness"), List.of("rows", "fresh"));

        assertThat(checks).containsExactly(new AssetCheckSpec("row_count", key, "rows"), new AssetCheckSpec("freshness", key, "fresh"));
        assertThat(checks).isEqualTo(List.of(new AssetCheckSpec("row_count", key, "rows"), new AssetCheckSpec("freshness", key, "fresh")));
        assertThat(new AssetSpec(key, "g", List.of(), List.of(), Map.of(), Map.of(), checks, Optional.empty(), Optional.empty())
                .checks()).isSameAs(checks);
        assertThatThrownBy(() -> checks.add(new AssetCheckSpec("x", key, "x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> AssetCheckSpec.onAsset(key, List.of("row count"), List.of("rows")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("check name 'row count' on duckdb/a");
        assertThatThrownBy(() -> AssetCheckSpec.onAsset(key, List.of("a", "b"), List.of("only one")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 check names but 1 descriptions");
        assertThatThrownBy(() -> new AssetSpec(AssetKey.of("other"), "g", List.of(), List.of(), Map.of(), Map.of(), checks,
                Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targets duckdb/a but is declared on other");
    }
}
