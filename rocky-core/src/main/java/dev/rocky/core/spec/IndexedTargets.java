package dev.rocky.core.spec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A graph's run targets by asset key, and the graph's one index of its asset keys: each asset's
 * position in {@link Definitions#assets()}, and the run target of the asset at that position (or
 * none). An immutable map in the assets' order; the index is built once per graph, so finding an
 * asset or its run target by key is one hash lookup, and a graph rebuilt from another with the
 * same keys in the same order (lineage merged in, verdicts added) reuses it.
 */
final class IndexedTargets extends AbstractMap<AssetKey, RunTarget> {

    private final List<AssetSpec> assets;
    private final KeyIndex positions;
    private final RunTarget[] targets;
    private final int count;
    /** The assets' group runs when the builder recorded them, else null (found from the assets when first asked). */
    private final GroupRuns runs;
    /** {@link #groups()}, once made. */
    private volatile Map<String, List<AssetKey>> groups;

    private IndexedTargets(List<AssetSpec> assets, KeyIndex positions, RunTarget[] targets, GroupRuns runs) {
        this.assets = assets;
        this.positions = positions;
        this.targets = targets;
        this.runs = runs;
        int n = 0;
        for (RunTarget t : targets) {
            n += t == null ? 0 : 1;
        }
        this.count = n;
    }

    /**
     * @param assets the graph's assets (an immutable list)
     * @param runTargets run targets by key: an {@code IndexedTargets} of assets with the same keys
     *     in the same order (its index is reused), or any other map (an index is built)
     * @return the index
     * @throws IllegalArgumentException when two assets share a key, or a run target names an asset
     *     that is not in {@code assets}
     */
    static IndexedTargets of(List<AssetSpec> assets, Map<AssetKey, RunTarget> runTargets) {
        if (runTargets instanceof IndexedTargets known && known.hasKeysOf(assets)) {
            // the same keys need not mean the same groups: a rebuilt graph's runs are found again
            return known.assets == assets ? known : new IndexedTargets(assets, known.positions, known.targets, null);
        }
        KeyIndex positions = positions(assets);
        RunTarget[] targets = new RunTarget[assets.size()];
        for (Map.Entry<AssetKey, RunTarget> e : runTargets.entrySet()) {
            int at = positions.find(Objects.requireNonNull(e.getKey(), "run target key is null"));
            if (at < 0) {
                throw new IllegalArgumentException("run target for " + e.getKey() + ", which is not an asset of the graph");
            }
            targets[at] = Objects.requireNonNull(e.getValue(), () -> "run target of " + e.getKey() + " is null");
        }
        return new IndexedTargets(assets, positions, targets, null);
    }

    /**
     * @param assets the graph's assets (an immutable list)
     * @param positions the keys of {@code assets}, in their order, added by the caller for exactly
     *     these assets and not changed afterwards
     * @param targets run targets by position, {@code null} where an asset has none; not changed afterwards
     * @param runs the groups of {@code assets}, in their order, recorded by the caller and not
     *     changed afterwards
     * @return the index, without checking again what the caller's building checked
     */
    static IndexedTargets trusted(List<AssetSpec> assets, KeyIndex positions, RunTarget[] targets, GroupRuns runs) {
        return new IndexedTargets(assets, positions, targets, runs);
    }

    /** @return {@link Definitions#groups()}: made once, from the recorded runs or a pass over the assets */
    Map<String, List<AssetKey>> groups() {
        Map<String, List<AssetKey>> made = groups;
        if (made == null) {
            made = (runs != null ? runs : GroupRuns.of(assets)).groups(positions);
            groups = made;
        }
        return made;
    }

    /** @throws IllegalArgumentException when two assets share a key */
    private static KeyIndex positions(List<AssetSpec> assets) {
        KeyIndex positions = new KeyIndex(assets.size());
        for (AssetSpec spec : assets) {
            AssetKey key = spec.key();
            if (positions.add(key) < 0) {
                throw new IllegalArgumentException("two assets share the key " + key);
            }
        }
        return positions;
    }

    /** @return whether {@code other} has this index's assets' keys in the same order */
    private boolean hasKeysOf(List<AssetSpec> other) {
        if (other == assets) {
            return true;
        }
        if (other.size() != assets.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).key().equals(assets.get(i).key())) {
                return false;
            }
        }
        return true;
    }

    /** @return the position of the asset with this key in the graph's assets, or -1 */
    int position(Object key) {
        return positions.find(key);
    }

    /** @return the run target of the asset at {@code index}, or null; IndexOutOfBoundsException past the assets */
    RunTarget at(int index) {
        java.util.Objects.checkIndex(index, targets.length);
        return targets[index];
    }

    @Override
    public RunTarget get(Object key) {
        int at = position(key);
        return at < 0 ? null : targets[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Set<Map.Entry<AssetKey, RunTarget>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<AssetKey, RunTarget>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < targets.length && targets[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < targets.length;
                    }

                    @Override
                    public Map.Entry<AssetKey, RunTarget> next() {
                        if (next >= targets.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<AssetKey, RunTarget> e = new AbstractMap.SimpleImmutableEntry<>(assets.get(next).key(), targets[next]);
                        next = advance(next + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return count;
            }
        };
    }
}
