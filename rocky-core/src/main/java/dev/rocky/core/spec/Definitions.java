package dev.rocky.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The asset graph built from the cached state, as Dagster's {@code Definitions}: every asset with
 * its checks. Building it never calls the rocky binary.
 *
 * @param assets the assets, in the order the state lists them; keys are unique
 * @param stateVersion the state version the graph was built from, in a versioned store: a
 *     materialization planned on this graph should use exactly that version
 * @param runTargets how each asset is materialized, by key; an asset without one cannot be
 *     materialized from these definitions; copied (iterated in the assets' order)
 * @param leftOut what the build left out of the graph and why, one line each (tables whose
 *     translator output was invalid, a second table on one asset key); empty when the graph has
 *     everything the state holds; copied
 * @param verdicts check results the build already knows (contract checks decided by
 *     {@code rocky compile}'s diagnostics), by asset; a materialization reports them for the
 *     selected assets; copied
 */
public record Definitions(List<AssetSpec> assets, Optional<String> stateVersion, Map<AssetKey, RunTarget> runTargets,
        List<String> leftOut, Map<AssetKey, List<CheckVerdict>> verdicts) {

    /**
     * @throws IllegalArgumentException when two assets share a key, or a run target names an asset
     *     that is not in the graph
     */
    public Definitions {
        assets = assets instanceof FrozenList<AssetSpec> frozen ? frozen : List.copyOf(assets); // a builder's list is immutable already
        Objects.requireNonNull(stateVersion, "stateVersion is null");
        IndexedTargets index = IndexedTargets.of(assets, runTargets);
        runTargets = index;
        leftOut = List.copyOf(leftOut);
        verdicts = Map.copyOf(verdicts);
        for (AssetKey key : verdicts.keySet()) {
            if (index.position(key) < 0) {
                throw new IllegalArgumentException("check verdicts for " + key + ", which is not an asset of the graph");
            }
        }
    }

    /**
     * A graph without verdicts known at build time.
     *
     * @param assets the assets; keys are unique
     * @param stateVersion the state version the graph was built from
     * @param runTargets how each asset is materialized, by key
     * @param leftOut what the build left out, one line each
     */
    public Definitions(List<AssetSpec> assets, Optional<String> stateVersion, Map<AssetKey, RunTarget> runTargets,
            List<String> leftOut) {
        this(assets, stateVersion, runTargets, leftOut, Map.of());
    }

    /**
     * A graph that left nothing out.
     *
     * @param assets the assets; keys are unique
     * @param stateVersion the state version the graph was built from
     * @param runTargets how each asset is materialized, by key
     */
    public Definitions(List<AssetSpec> assets, Optional<String> stateVersion, Map<AssetKey, RunTarget> runTargets) {
        this(assets, stateVersion, runTargets, List.of());
    }

    /**
     * @param assets the assets; keys are unique
     * @param stateVersion the state version the graph was built from
     */
    public Definitions(List<AssetSpec> assets, Optional<String> stateVersion) {
        this(assets, stateVersion, Map.of());
    }

    /**
     * @param assets the assets; keys are unique
     */
    public Definitions(List<AssetSpec> assets) {
        this(assets, Optional.empty());
    }

    /** @return definitions with no assets, as a load from an empty state gives */
    public static Definitions empty() {
        return new Definitions(List.of());
    }

    /**
     * @param key an asset key
     * @return the asset with that key, when there is one
     */
    public Optional<AssetSpec> asset(AssetKey key) {
        int at = ((IndexedTargets) runTargets).position(key);
        return at < 0 ? Optional.empty() : Optional.of(assets.get(at));
    }

    /**
     * @param key an asset key
     * @return how that asset is materialized, when the load recorded it
     */
    public Optional<RunTarget> runTarget(AssetKey key) {
        return Optional.ofNullable(runTargets.get(key));
    }

    /**
     * @param key an asset key
     * @return the asset's position in {@link #assets()} (one lookup in the graph's key index), or -1
     *     when the graph has no such asset
     */
    public int indexOf(AssetKey key) {
        return ((IndexedTargets) runTargets).position(key);
    }

    /**
     * As {@link #indexOf(AssetKey)}, trying a guessed position first: when the asset at
     * {@code guess} holds this very key object (not merely an equal one), that is the answer and
     * the key index is not read. For a pass whose keys come from this graph in its order (a
     * selection made from {@link #assets()}, the next of the previous position found), where at
     * 100,000 assets each index lookup is a cache miss into a table of megabytes.
     *
     * @param key an asset key
     * @param guess a position that may hold it; any int (outside {@link #assets()} it is not tried)
     * @return the asset's position in {@link #assets()}, or -1 when the graph has no such asset
     */
    public int indexOf(AssetKey key, int guess) {
        if (guess >= 0 && guess < assets.size() && assets.get(guess).key() == key) {
            return guess;
        }
        return indexOf(key);
    }

    /**
     * How the asset at a position of {@link #assets()} is materialized, without a key lookup: for a
     * pass over the graph, or over positions found once with {@link #indexOf}.
     *
     * @param index a position in {@link #assets()}
     * @return its run target, when the load recorded one
     * @throws IndexOutOfBoundsException when {@code index} is not a position of {@link #assets()}
     */
    public Optional<RunTarget> runTargetAt(int index) {
        return Optional.ofNullable(((IndexedTargets) runTargets).at(index));
    }

    /**
     * The graph's asset groups, as Dagster's asset selection by group sees them.
     *
     * @return each group, in the order of its first asset in {@link #assets()}, to the keys of its
     *     assets in that order (an unmodifiable map of immutable lists; made once per graph: for a
     *     graph from {@link Builder} without a pass over the assets, from the runs of one group it
     *     recorded while adding them)
     */
    public Map<String, List<AssetKey>> groups() {
        return ((IndexedTargets) runTargets).groups();
    }

    /** @return the number of declared checks over all assets */
    public int checkCount() {
        int n = 0;
        for (AssetSpec spec : assets) {
            n += spec.checks().size();
        }
        return n;
    }

    /**
     * Builds a graph one asset at a time, as a load does: each key is hashed once, into the index
     * the built {@link Definitions} keeps (so {@link #asset} and {@link #runTarget} are one lookup).
     * Not thread-safe.
     */
    public static final class Builder {
        private final List<AssetSpec> assets;
        private final List<RunTarget> targets;
        private final KeyIndex positions;
        private final GroupRuns runs = new GroupRuns();
        private boolean built;

        /** @param expectedAssets how many assets the graph is likely to have (a capacity hint, 0 or more) */
        public Builder(int expectedAssets) {
            assets = new java.util.ArrayList<>(expectedAssets);
            targets = new java.util.ArrayList<>(expectedAssets);
            positions = new KeyIndex(expectedAssets);
        }

        /**
         * @param key an asset key
         * @return whether an asset with that key was added
         */
        public boolean contains(AssetKey key) {
            return positions.find(key) >= 0;
        }

        /**
         * @param key an asset key
         * @return the run target of the asset added with that key, when it has one
         */
        public Optional<RunTarget> runTarget(AssetKey key) {
            int at = positions.find(key);
            return at < 0 ? Optional.empty() : Optional.ofNullable(targets.get(at));
        }

        /**
         * Adds an asset, and how it is materialized.
         *
         * @param spec the asset
         * @param target its run target, or {@code null} when it cannot be materialized from the graph
         * @return true when added; false, and nothing changes, when an asset with its key was added before
         * @throws IllegalStateException after {@link #build}
         */
        public boolean add(AssetSpec spec, RunTarget target) {
            if (built) {
                throw new IllegalStateException("the graph was built; start a new builder");
            }
            if (positions.add(spec.key()) < 0) {
                return false;
            }
            assets.add(spec);
            targets.add(target);
            runs.add(spec.group());
            return true;
        }

        /** @return the number of assets added */
        public int size() {
            return assets.size();
        }

        /** @return the assets added so far, in order (a read-only view) */
        public List<AssetSpec> assets() {
            return java.util.Collections.unmodifiableList(assets);
        }

        /**
         * @param stateVersion the state version the graph is built from
         * @param leftOut what the build left out, one line each
         * @return the graph; the builder takes nothing more
         */
        public Definitions build(Optional<String> stateVersion, List<String> leftOut) {
            built = true;
            List<AssetSpec> list = new FrozenList<>(assets.toArray()); // the array is the list's alone
            return new Definitions(list, stateVersion, IndexedTargets.trusted(list, positions, targets.toArray(new RunTarget[0]), runs),
                    leftOut);
        }
    }
}
