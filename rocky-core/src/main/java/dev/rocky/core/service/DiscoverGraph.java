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
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.spec.Maps;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The load's discover stage (the reference's {@code _build_asset_spec} over discover's sources):
 * one asset per discovered table, keyed, grouped, tagged and described by the translator, kinds
 * {@code ["rocky", <source_type>]}, the four built-in checks, configured checks (sanitised names;
 * candidates left out) with {@code surface_configured_checks}, governance and contract checks, the
 * source's identity ({@code dagster-rocky/source_id}, {@code dagster-rocky/source_type}) and deps
 * as text ({@code rocky/upstream_keys}), freshness (the same-named model's
 * {@code max_lag_seconds}, else the pipeline's threshold), and the optimize and compile metadata of
 * a model named like the table. Each asset's {@link RunTarget.SourceTable} records the engine's
 * key of the table. Two tables on one key: the second is left out with a warning (a
 * {@code GRAPH_INVALID} error under {@code strict_build}); a translator's invalid output leaves out
 * the tables it was for, one warning per source.
 */
final class DiscoverGraph {

    private final AssetTranslator translator;
    private final LogSink log;
    private final BuildDefinitions.Options options;
    /** Each table's metadata map, built without an intermediate copy (one load, one thread). */
    private final Maps.OrderedBuilder<String, MetadataValue> metadataBuilder = new Maps.OrderedBuilder<>();

    /**
     * @param translator keys, groups, tags and describes tables
     * @param log where left-out tables and odd names are reported
     * @param options what to declare and how strictly
     */
    DiscoverGraph(AssetTranslator translator, LogSink log, BuildDefinitions.Options options) {
        this.translator = translator;
        this.log = log;
        this.options = options;
    }

    /** The graph under construction (assets and their run targets, each key hashed once) and what was left out. */
    static final class Draft {
        final Definitions.Builder graph;
        final List<String> leftOut = new ArrayList<>();

        Draft(int tables) {
            graph = new Definitions.Builder(tables);
        }
    }

    /** Adds every discovered table of {@code discover} to {@code draft}. */
    void addTo(Draft draft, DiscoverResult discover, ModelEnrichment enrichment, Map<String, ContractRules> contractRules) {
        Optional<FreshnessPolicy> pipelineFreshness = discover.checks()
                .flatMap(c -> PartitionRules.freshness(c.freshnessThresholdSeconds()));
        Map<String, List<ConfiguredCheck>> configured = configuredChecks(discover);
        AssetSpec previous = null;
        for (Source source : discover.sources()) {
            warnOfNamesOutsideTheAlphabet(source);
            String group;
            try {
                group = translator.groupName(source);
            } catch (RockyException e) {
                dropOrThrow(e, source, source.tables().size(), draft.leftOut);
                continue;
            }
            List<String> kinds = List.of("rocky", source.sourceType());
            Map<String, String> single = singleComponents(source);
            List<String> prefix = enginePrefix(source);
            // one value per source, shared by its tables' metadata
            MetadataValue sourceId = MetadataValue.text(source.id());
            MetadataValue sourceType = MetadataValue.text(source.sourceType());
            // The spec-extras map of the source's last table without deps, and the translator's map it was built from:
            // a table without deps whose translator map is that very instance gets that very map (the default
            // translator answers every table of a source without a row count with one map), as the tags are shared.
            Map<String, MetadataValue> sharedFrom = null;
            Map<String, MetadataValue> shared = null;
            int dropped = 0;
            RockyException firstDrop = null;
            for (Table table : source.tables()) {
                Translated t;
                try {
                    t = translate(source, table);
                } catch (RockyException e) {
                    if (e.code() != ErrorCode.TRANSLATOR_OUTPUT || options.strictBuild()) {
                        throw e;
                    }
                    dropped++;
                    firstDrop = firstDrop == null ? e : firstDrop;
                    continue;
                }
                AssetKey key = t.key();
                Map<String, MetadataValue> metadata = t.metadata();
                Map<String, String> tags = t.tags();
                List<AssetKey> deps = t.deps();
                AssetTranslator.SpecExtras extras = t.extras();
                if (draft.graph.contains(key)) {
                    collision(key, source, table, draft);
                    continue;
                }
                Optional<dev.rocky.core.model.ModelDetail> model = enrichment.model(table.name());
                Optional<FreshnessPolicy> freshness = model.isEmpty() ? pipelineFreshness
                        : model.flatMap(m -> PartitionRules.freshness(m.freshnessMaxLagSeconds())).or(() -> pipelineFreshness);
                if (metadata == sharedFrom && deps.isEmpty()) {
                    metadata = shared;
                } else {
                    Map<String, MetadataValue> fromTranslator = metadata;
                    metadata = specExtras(fromTranslator, sourceId, sourceType, deps);
                    if (deps.isEmpty()) {
                        sharedFrom = fromTranslator;
                        shared = metadata;
                    }
                }
                if (enrichment.hasAny(key.leaf())) {
                    metadata = new LinkedHashMap<>(metadata);
                    enrichment.enrich(metadata, key.leaf());
                }
                if (previous != null && tags.equals(previous.tags())) {
                    tags = previous.tags(); // one map per source's shape, not per table
                }
                previous = new AssetSpec(key, group, deps, extras.kinds().orElse(kinds), tags, metadata,
                        checks(key, table, configured, contractRules), freshness, Optional.empty(), extras.description(),
                        extras.owners(), extras.codeVersion());
                List<String> engineKey = key.path();
                if (!isEngineKey(engineKey, prefix, table.name())) {
                    engineKey = new ArrayList<>(prefix.size() + 1);
                    engineKey.addAll(prefix);
                    engineKey.add(table.name());
                } // else the default translator's key is the engine's: hold the list once
                RunTarget.SourceTable target = new RunTarget.SourceTable(source.id(), single, engineKey, Optional.empty());
                single = target.components();
                draft.graph.add(previous, target);
            }
            if (firstDrop != null) {
                dropOrThrow(firstDrop, source, dropped, draft.leftOut);
            }
        }
    }

    /** @return whether {@code path} is {@code prefix} followed by {@code table} */
    private static boolean isEngineKey(List<String> path, List<String> prefix, String table) {
        int n = prefix.size();
        if (path.size() != n + 1 || !path.get(n).equals(table)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!path.get(i).equals(prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** What the translator says of one table: its key, metadata, tags, deps and extras. */
    record Translated(AssetKey key, Map<String, MetadataValue> metadata, Map<String, String> tags, List<AssetKey> deps,
            AssetTranslator.SpecExtras extras) {
    }

    /**
     * @return the translator's answers for one table of a source
     * @throws RockyException {@code TRANSLATOR_OUTPUT} when one is invalid
     */
    Translated translate(Source source, Table table) {
        return new Translated(translator.assetKey(source, table), translator.metadata(source, table), translator.tags(source, table),
                translator.assetDeps(source, table), translator.specExtras(source, table));
    }

    /** @return the pipeline's configured checks by table, when {@code surface_configured_checks} asks for them */
    Map<String, List<ConfiguredCheck>> configuredChecks(DiscoverResult discover) {
        return options.surfaceConfiguredChecks() ? discover.checks().map(c -> c.configuredChecks()).orElse(Map.of()) : Map.of();
    }

    /**
     * The reference's spec extras ({@code _build_asset_spec}): the source's identity, and the deps as
     * text, after the translator's metadata; built straight into the asset's immutable map.
     */
    private Map<String, MetadataValue> specExtras(Map<String, MetadataValue> fromTranslator, MetadataValue sourceId,
            MetadataValue sourceType, List<AssetKey> deps) {
        metadataBuilder.clear(); // nothing left behind by a table whose map failed part-way
        metadataBuilder.putAll(fromTranslator);
        metadataBuilder.put(MetadataKeys.DAGSTER_ROCKY_SOURCE_ID, sourceId);
        metadataBuilder.put(MetadataKeys.DAGSTER_ROCKY_SOURCE_TYPE, sourceType);
        if (!deps.isEmpty()) {
            metadataBuilder.put(MetadataKeys.ROCKY_UPSTREAM_KEYS, MetadataValue.text(String.join(", ",
                    deps.stream().map(AssetKey::toUserString).toList())));
        }
        return metadataBuilder.build();
    }

    List<dev.rocky.core.spec.AssetCheckSpec> checks(AssetKey key, Table table, Map<String, List<ConfiguredCheck>> configured,
            Map<String, ContractRules> contractRules) {
        // indexed, and nothing to walk for a table without configured checks: an iterator per table is
        // 100,000 objects on a large graph, as C1 (the launcher's compiler) does not remove them
        List<ConfiguredCheck> ofTable = configured.isEmpty() ? null : configured.get(table.name());
        if ((ofTable == null || ofTable.isEmpty()) && !options.surfaceCompliance() && !contractRules.containsKey(key.leaf())) {
            return DeclaredChecks.defaultsOn(key); // the usual table: the built-in checks alone, no builder
        }
        DeclaredChecks checks = new DeclaredChecks(key, log);
        checks.addDefaults();
        for (int i = 0, n = ofTable == null ? 0 : ofTable.size(); i < n; i++) {
            ConfiguredCheck check = ofTable.get(i);
            if (check.candidate()) {
                continue; // a candidate is not emitted on every run, so the reference declares no spec for it
            }
            checks.add(AssetNames.sanitize(check.name()), "Rocky " + check.kind() + " check '" + check.name()
                    + "' configured on the pipeline");
        }
        checks.addGovernance(options.surfaceCompliance(), key.leaf(), contractRules);
        return checks.list();
    }

    /**
     * A translator's invalid output leaves out the tables it was computed for, with one warning per
     * source naming the first problem; under {@code strict_build} it fails the load.
     */
    void dropOrThrow(RockyException e, Source source, int tables, List<String> leftOut) {
        if (e.code() != ErrorCode.TRANSLATOR_OUTPUT || options.strictBuild()) {
            throw e;
        }
        String message = tables + (tables == 1 ? " table" : " tables") + " of source " + source.id() + " left out of the graph, "
                + "because the translator's output for " + (tables == 1 ? "it" : "them") + " is invalid (the first: "
                + e.getMessage() + "); set strict_build: true to fail the load instead";
        log.warn(message);
        leftOut.add(message);
    }

    /**
     * Two tables that map to one asset key: the second is left out, naming both (the same table
     * listed twice is only a repeat); under {@code strict_build} the load fails.
     */
    void collision(AssetKey key, Source source, Table table, Draft draft) {
        RunTarget first = draft.graph.runTarget(key).orElse(null);
        String firstName = first instanceof RunTarget.SourceTable t ? t.sourceId() + "." + t.engineKey().get(t.engineKey().size() - 1)
                : "another asset";
        String secondName = source.id() + "." + table.name();
        if (firstName.equals(secondName)) {
            log.warn("discover lists table " + table.name() + " of source " + source.id() + " under asset key " + key
                    + " more than once; the repeat is skipped");
            return;
        }
        String message = "tables " + firstName + " and " + secondName + " both map to asset key " + key + "; " + secondName
                + " is left out (a translator or translation template that keeps their names apart fixes it)";
        if (options.strictBuild()) {
            throw new RockyException(ErrorCode.GRAPH_INVALID, message);
        }
        log.warn(message);
        draft.leftOut.add(message);
    }

    /**
     * One warning per source whose names are outside the asset-key alphabet: the built-in
     * translator maps them ({@link AssetTranslator#keySegment}), so the key differs from the name
     * rocky reports. A scan of each name; the mapping is computed for the three shown only.
     */
    void warnOfNamesOutsideTheAlphabet(Source source) {
        List<String> shown = new ArrayList<>(3);
        int count = count(source.sourceType(), shown);
        for (ComponentValue v : source.components().values()) {
            count += count(v.joined(), shown);
        }
        for (Table t : source.tables()) {
            count += count(t.name(), shown);
        }
        if (count > 0) {
            log.warn("source " + source.id() + " has " + count + (count == 1 ? " name" : " names") + " outside the asset-key "
                    + "alphabet [A-Za-z0-9_.-], which the built-in translator maps (" + String.join(", ", shown)
                    + (count > shown.size() ? ", …" : "") + ")");
        }
    }

    /** @return 1 when {@code name} is outside the key alphabet (noting the first three), else 0 */
    private static int count(String name, List<String> shown) {
        String segment = AssetNames.keySegment(name);
        if (segment.equals(name)) {
            return 0;
        }
        if (shown.size() < 3) {
            shown.add("'" + dev.rocky.core.run.CliArgument.printable(name.length() > 80 ? name.substring(0, 80) + "…" : name)
                    + "' -> " + segment);
        }
        return 1;
    }

    /** The source's single-valued components, in pattern order: the candidates for a group filter. */
    private static Map<String, String> singleComponents(Source source) {
        Map<String, String> out = new LinkedHashMap<>();
        source.components().forEach((k, v) -> {
            if (v instanceof ComponentValue.Single s) {
                out.put(k, s.value());
            }
        });
        return out;
    }

    /** {@code [source_type, components…]}: the engine key of the source's tables, without the table. */
    static List<String> enginePrefix(Source source) {
        List<String> out = new ArrayList<>(source.components().size() + 2);
        out.add(source.sourceType());
        source.components().values().forEach(v -> {
            if (v instanceof ComponentValue.Multi m) {
                out.addAll(m.values());
            } else {
                out.add(((ComponentValue.Single) v).value());
            }
        });
        return out;
    }
}
