package dev.rocky.core.orchestration;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assets an orchestrator runs as one step: the reference's one {@code multi_asset} per group
 * ({@code rocky_<group>}, {@code can_subset=True}), with the component's {@code op_tags} (e.g.
 * {@code dagster/pool: rocky}, so runs queue on the engine's single-writer state lock instead of
 * failing on it).
 *
 * @param name {@code rocky_<group>}, non-name characters as {@code _}
 * @param group the group
 * @param assets its assets, in graph order; copied, unless it is a graph's own immutable list
 *     ({@link dev.rocky.core.spec.Definitions#groups()})
 * @param canSubset whether any subset of them may run (always, as the reference)
 * @param opTags the tags to put on the step; copied
 */
public record ExecutableUnit(String name, String group, List<AssetKey> assets, boolean canSubset, Map<String, String> opTags) {

    /** Copies; rejects {@code null}. */
    public ExecutableUnit {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(group, "group is null");
        // a graph's group keys (Definitions.groups()) are immutable already: 100,000 keys are not copied again
        assets = assets instanceof dev.rocky.core.spec.FrozenList<AssetKey> frozen ? frozen : List.copyOf(assets);
        opTags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(opTags));
    }
}
