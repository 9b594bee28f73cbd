package dev.rocky.core.service;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.ConfiguredCheck;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TenantPartitioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The load's discover stage under {@code tenant} (the reference's
 * {@code _build_collapsed_group_contexts}): sources that differ only by the tenant component
 * collapse into one asset per {@code (source_type, other components, table)}, the union of the
 * tenants' tables, partitioned by a dynamic partitions definition whose keys are the tenants'
 * partition keys (the translator's {@code partitionKey}, by default the raw value). The asset is
 * keyed, grouped and tagged by the translator on a representative source without the tenant
 * component, so neither key nor tags name a tenant; per-tenant metadata ({@code source_id},
 * {@code dagster-rocky/source_id}, {@code last_sync_at}, {@code row_count}) is left out. A source
 * whose tenant component is missing or list-valued is skipped with a warning; a partition key two
 * raw values share keeps the first, with a warning (the filter could reach only one catalog). Each
 * asset's {@link RunTarget.TenantTable} maps a partition key back to the raw value to filter on and
 * knows the engine key of every tenant's table.
 */
final class TenantCollapse {

    private static final Set<String> PER_TENANT_METADATA = Set.of("source_id", "last_sync_at", "row_count",
            MetadataKeys.DAGSTER_ROCKY_SOURCE_ID);

    private final DiscoverGraph discoverGraph;
    private final AssetTranslator translator;
    private final LogSink log;
    private final TenantPartitioning tenant;

    TenantCollapse(DiscoverGraph discoverGraph, AssetTranslator translator, LogSink log, TenantPartitioning tenant) {
        this.discoverGraph = discoverGraph;
        this.translator = translator;
        this.log = log;
        this.tenant = tenant;
    }

    /** One collapsed group: its members and, per partition key, the raw value and member. */
    private static final class Group {
        final List<Source> members = new ArrayList<>();
        final Map<String, String> rawByKey = new LinkedHashMap<>();
        final Map<String, Source> memberByKey = new LinkedHashMap<>();
    }

    void addTo(DiscoverGraph.Draft draft, DiscoverResult discover, ModelEnrichment enrichment, Map<String, ContractRules> contractRules) {
        // 1. Group the sources by (source_type, the other components); a source without one tenant value is skipped.
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Source source : discover.sources()) {
            ComponentValue value = source.components().get(tenant.component());
            if (!(value instanceof ComponentValue.Single)) {
                log.warn("tenant collapse: skipping source id=" + source.id() + ": its tenant component '" + tenant.component()
                        + "' is " + (value == null ? "missing" : "list-valued") + " (expected one value)");
                continue;
            }
            groups.computeIfAbsent(groupKey(source), k -> new Group()).members.add(source);
        }
        // 2. The partition keys, one chokepoint (the translator's partitionKey), each mapped back to its raw value.
        Set<String> allKeys = new TreeSet<>();
        for (Group group : groups.values()) {
            for (Source member : group.members) {
                String raw = ((ComponentValue.Single) member.components().get(tenant.component())).value();
                String key;
                try {
                    key = translator.partitionKey(member, tenant.component());
                } catch (RockyException e) {
                    discoverGraph.dropOrThrow(e, member, member.tables().size(), draft.leftOut);
                    continue;
                }
                String existing = group.rawByKey.get(key);
                if (existing != null && !existing.equals(raw)) {
                    log.warn("tenant collapse: partition key '" + key + "' maps to more than one " + tenant.component()
                            + " value ('" + existing + "' and '" + raw + "'); the translator's partitionKey must be one-to-one "
                            + "with the tenant component; keeping '" + existing + "'");
                    continue;
                }
                group.rawByKey.put(key, raw);
                group.memberByKey.putIfAbsent(key, member);
                allKeys.add(key);
            }
        }
        PartitionsDefinition partitions = new PartitionsDefinition.Dynamic(tenant.partitionsName(), List.copyOf(allKeys));
        // 3. One asset per table of the union, on a representative source without the tenant component.
        Optional<FreshnessPolicy> pipelineFreshness = discover.checks().flatMap(c -> PartitionRules.freshness(c.freshnessThresholdSeconds()));
        Map<String, List<ConfiguredCheck>> configured = discoverGraph.configuredChecks(discover);
        for (Group group : groups.values()) {
            addGroup(draft, group, partitions, enrichment, contractRules, pipelineFreshness, configured);
        }
    }

    private void addGroup(DiscoverGraph.Draft draft, Group group, PartitionsDefinition partitions, ModelEnrichment enrichment,
            Map<String, ContractRules> contractRules, Optional<FreshnessPolicy> pipelineFreshness,
            Map<String, List<ConfiguredCheck>> configured) {
        Source first = group.members.get(0);
        Map<String, ComponentValue> others = new LinkedHashMap<>(first.components());
        others.remove(tenant.component());
        Map<String, Table> union = new LinkedHashMap<>();
        for (Source member : group.members) {
            for (Table t : member.tables()) {
                union.putIfAbsent(t.name(), new Table(t.name(), java.util.OptionalLong.empty()));
            }
        }
        Source representative = new Source(first.id(), others, first.sourceType(), Optional.empty(), List.copyOf(union.values()),
                first.metadata());
        discoverGraph.warnOfNamesOutsideTheAlphabet(representative);
        String groupName;
        try {
            groupName = translator.groupName(representative);
        } catch (RockyException e) {
            discoverGraph.dropOrThrow(e, representative, union.size(), draft.leftOut);
            return;
        }
        int tenantIndex = tenantIndex(first);
        for (Table table : union.values()) {
            DiscoverGraph.Translated answers;
            try {
                answers = discoverGraph.translate(representative, table);
            } catch (RockyException e) {
                if (e.code() != ErrorCode.TRANSLATOR_OUTPUT) {
                    throw e;
                }
                discoverGraph.dropOrThrow(e, representative, 1, draft.leftOut);
                continue;
            }
            AssetKey key = answers.key();
            Map<String, MetadataValue> metadata = answers.metadata();
            Map<String, String> tags = answers.tags();
            List<AssetKey> deps = answers.deps();
            AssetTranslator.SpecExtras extras = answers.extras();
            if (draft.graph.contains(key)) {
                discoverGraph.collision(key, representative, table, draft);
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>(metadata);
            md.keySet().removeAll(PER_TENANT_METADATA);
            md.put(MetadataKeys.DAGSTER_ROCKY_SOURCE_TYPE, MetadataValue.text(first.sourceType()));
            if (!deps.isEmpty()) {
                md.put(MetadataKeys.ROCKY_UPSTREAM_KEYS, MetadataValue.text(String.join(", ",
                        deps.stream().map(AssetKey::toUserString).toList())));
            }
            if (enrichment.hasAny(key.leaf())) {
                enrichment.enrich(md, key.leaf());
            }
            Optional<FreshnessPolicy> freshness = enrichment.model(table.name())
                    .flatMap(m -> PartitionRules.freshness(m.freshnessMaxLagSeconds())).or(() -> pipelineFreshness);
            AssetSpec spec = new AssetSpec(key, groupName, deps, extras.kinds().orElse(List.of("rocky", first.sourceType())), tags, md,
                    discoverGraph.checks(key, table, configured, contractRules), freshness, Optional.of(partitions),
                    extras.description(), extras.owners(), extras.codeVersion());
            // 4. The run target: each known tenant's raw value and its source of this table.
            Map<String, String> raw = new TreeMap<>();
            Map<String, String> sourceIds = new TreeMap<>();
            group.rawByKey.forEach((partitionKey, value) -> {
                raw.put(partitionKey, value);
                Source member = group.memberByKey.get(partitionKey);
                if (member.tables().stream().anyMatch(t -> t.name().equals(table.name()))) {
                    sourceIds.put(partitionKey, member.id());
                }
            });
            List<String> engineKey = new ArrayList<>(DiscoverGraph.enginePrefix(first));
            engineKey.remove(tenantIndex);
            engineKey.add(table.name());
            draft.graph.add(spec, new RunTarget.TenantTable(tenant.component(), tenantIndex, engineKey, raw, sourceIds,
                    Optional.empty(), tenant.scopeRunsToSelection()));
        }
    }

    /** (source_type, the other components in name order): tenants that share it collapse together. */
    private String groupKey(Source source) {
        StringBuilder sb = new StringBuilder(source.sourceType());
        new TreeMap<>(source.components()).forEach((k, v) -> {
            if (!k.equals(tenant.component())) {
                sb.append('\u0000').append(k).append('=').append(v.joined());
            }
        });
        return sb.toString();
    }

    /** Where the tenant's value sits in the engine key {@code [source_type, components…, table]}. */
    private int tenantIndex(Source source) {
        int index = 1;
        for (Map.Entry<String, ComponentValue> e : source.components().entrySet()) {
            if (e.getKey().equals(tenant.component())) {
                return index;
            }
            index += e.getValue() instanceof ComponentValue.Multi m ? m.values().size() : 1;
        }
        throw new IllegalStateException("no tenant component in " + source.id());
    }
}
