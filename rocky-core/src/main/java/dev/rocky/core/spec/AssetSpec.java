package dev.rocky.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One asset of the graph, as Dagster's {@code AssetSpec}: built from a discovered table (discover
 * mode), a compiled model or a DAG node.
 *
 * @param key the asset's identity
 * @param group the group it is shown and executed in, e.g. a tenant or source name
 * @param deps the assets it reads from; copied
 * @param kinds labels such as {@code ["rocky", "duckdb"]}; copied
 * @param tags string key/value tags, e.g. {@code rocky/source_type=duckdb}; copied, order kept
 * @param metadata typed metadata, e.g. {@code source_id}; copied, order kept
 * @param checks the checks declared on this asset; each must target {@code key}; copied
 * @param freshness the freshness policy, when the engine declares one
 * @param partitions the partitions definition, when the asset is partitioned
 * @param description a human description, when one is given (defs.yaml {@code translation.description})
 * @param owners owners as Dagster takes them: an email address or {@code team:<name>}; copied
 * @param codeVersion a code version, when one is given (defs.yaml {@code translation.code_version})
 */
public record AssetSpec(
        AssetKey key,
        String group,
        List<AssetKey> deps,
        List<String> kinds,
        Map<String, String> tags,
        Map<String, MetadataValue> metadata,
        List<AssetCheckSpec> checks,
        Optional<FreshnessPolicy> freshness,
        Optional<PartitionsDefinition> partitions,
        Optional<String> description,
        List<String> owners,
        Optional<String> codeVersion) {

    /**
     * @throws IllegalArgumentException when a check targets another asset
     */
    public AssetSpec {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(group, "group is null");
        deps = List.copyOf(deps);
        kinds = List.copyOf(kinds);
        tags = Maps.orderedCopy(tags);
        metadata = Maps.orderedCopy(metadata);
        boolean checksOnKey = checks instanceof ChecksOnAsset on && on.asset().equals(key);
        checks = checksOnKey ? checks : List.copyOf(checks);
        Objects.requireNonNull(freshness, "freshness is null");
        Objects.requireNonNull(partitions, "partitions is null");
        Objects.requireNonNull(description, "description is null");
        owners = List.copyOf(owners);
        Objects.requireNonNull(codeVersion, "codeVersion is null");
        for (int i = 0; i < (checksOnKey ? 0 : checks.size()); i++) {
            AssetCheckSpec check = checks.get(i);
            if (!check.asset().equals(key)) {
                throw new IllegalArgumentException("check " + check.name() + " targets " + check.asset()
                        + " but is declared on " + key);
            }
        }
    }

    /**
     * An asset without description, owners or code version.
     *
     * @param key the asset's identity
     * @param group its group
     * @param deps the assets it reads from
     * @param kinds its kinds
     * @param tags its tags
     * @param metadata its metadata
     * @param checks its declared checks
     * @param freshness its freshness policy
     * @param partitions its partitions definition
     */
    public AssetSpec(AssetKey key, String group, List<AssetKey> deps, List<String> kinds, Map<String, String> tags,
            Map<String, MetadataValue> metadata, List<AssetCheckSpec> checks, Optional<FreshnessPolicy> freshness,
            Optional<PartitionsDefinition> partitions) {
        this(key, group, deps, kinds, tags, metadata, checks, freshness, partitions, Optional.empty(), List.of(), Optional.empty());
    }

    /**
     * @return the names of the declared checks, in declaration order (immutable; for checks shared
     *     the way the load shares them, the one list of names every asset declaring them shares)
     */
    public List<String> checkNames() {
        if (checks instanceof ChecksOnAsset on) {
            return on.names();
        }
        return checks.stream().map(AssetCheckSpec::name).toList();
    }
}
