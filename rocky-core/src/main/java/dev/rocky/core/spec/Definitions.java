package dev.rocky.core.spec;

import java.util.HashMap;
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
 *     materialized from these definitions; copied
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
        assets = List.copyOf(assets);
        Objects.requireNonNull(stateVersion, "stateVersion is null");
        runTargets = Map.copyOf(runTargets);
        leftOut = List.copyOf(leftOut);
        verdicts = Map.copyOf(verdicts);
        Map<AssetKey, Boolean> seen = new HashMap<>(assets.size() * 4 / 3 + 1);
        for (AssetSpec spec : assets) {
            if (seen.put(spec.key(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("two assets share the key " + spec.key());
            }
        }
        for (AssetKey key : runTargets.keySet()) {
            if (!seen.containsKey(key)) {
                throw new IllegalArgumentException("run target for " + key + ", which is not an asset of the graph");
            }
        }
        for (AssetKey key : verdicts.keySet()) {
            if (!seen.containsKey(key)) {
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
        for (AssetSpec spec : assets) {
            if (spec.key().equals(key)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    /**
     * @param key an asset key
     * @return how that asset is materialized, when the load recorded it
     */
    public Optional<RunTarget> runTarget(AssetKey key) {
        return Optional.ofNullable(runTargets.get(key));
    }

    /** @return the number of declared checks over all assets */
    public int checkCount() {
        int n = 0;
        for (AssetSpec spec : assets) {
            n += spec.checks().size();
        }
        return n;
    }
}
