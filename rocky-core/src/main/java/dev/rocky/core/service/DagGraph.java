package dev.rocky.core.service;

import dev.rocky.core.dag.ColumnLineageEdge;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.DefsState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load's DAG stage ({@code dag_mode}): the state's {@code dag_status} decides whether there is
 * a DAG graph, and its {@code dag} slot gives one asset per node except {@code test} nodes, keyed
 * and grouped by the translator's {@code dagNodeAssetKey} / {@code dagGroupName}, deps from
 * {@code depends_on}, metadata {@code rocky/node_id}, {@code rocky/kind}, {@code rocky/pipeline}
 * (and the target and strategy when the node has them), tag {@code rocky/kind}, kinds
 * {@code ["rocky", <kind>]}, freshness and partitions from the node, and on a transformation the
 * {@code column_lineage} edges into it as {@code dagster/column_lineage}. Two nodes with one key
 * are a {@code GRAPH_INVALID} error naming both.
 */
final class DagGraph {

    private final AssetTranslator translator;
    private final LogSink log;
    private final boolean strictBuild;

    /**
     * @param translator keys and groups nodes
     * @param log where skipped repeats, a missing dag_status and a newer schema are reported
     * @param strictBuild refuse a state without {@code dag_status} rather than fall back
     */
    DagGraph(AssetTranslator translator, LogSink log, boolean strictBuild) {
        this.translator = translator;
        this.log = log;
        this.strictBuild = strictBuild;
    }

    /**
     * @return the DAG graph; empty when the state predates {@code dag_status} (the caller then
     *     builds the discover graph, as warned)
     * @throws dev.rocky.core.error.StateException {@code STATE_UNUSABLE} for a failed, disabled or
     *     unknown {@code dag_status}, a success without a dag slot, or a legacy state under strict_build
     */
    Optional<Definitions> build(DefsState state) {
        if (state.recordedDagStatus().isEmpty()) {
            if (strictBuild) {
                throw BuildDefinitions.unusable(state, "it was written before dag_status was recorded, so its DAG cannot be "
                        + "trusted, and strict_build is on; run `rocky-component refresh` with dag_mode: true");
            }
            log.warn("the state at " + state.storeVersion().orElse("the store") + " has no dag_status (written before DAG "
                    + "support), so the discover graph is built instead; run `rocky-component refresh` to get the DAG graph");
            return Optional.empty();
        }
        String status = state.recordedDagStatus().get();
        Optional<DagStatus> known = state.dagStatus();
        if (known.isEmpty()) {
            throw BuildDefinitions.unusable(state, "its dag_status is '" + status + "', which this build does not know "
                    + "(expected success, failed or disabled); upgrade rocky-java or run `rocky-component refresh`");
        }
        if (known.get() == DagStatus.FAILED) {
            throw BuildDefinitions.unusable(state, "rocky dag failed at its last refresh (dag_status failed: "
                    + state.dagError().orElse("no reason recorded") + "); fix the cause and run `rocky-component refresh`");
        }
        if (known.get() == DagStatus.DISABLED) {
            throw BuildDefinitions.unusable(state, "it was written with dag_mode off (dag_status disabled), so it has no DAG; "
                    + "run `rocky-component refresh` now that dag_mode is on");
        }
        if (state.dag().isEmpty()) {
            throw BuildDefinitions.unusable(state, "its dag_status is success but it has no dag slot; run "
                    + "`rocky-component refresh`");
        }
        return Optional.of(nodes(state.dag().get(), state));
    }

    private Definitions nodes(DagResult dag, DefsState state) {
        warnIfNewerSchema(dag);
        Map<String, AssetKey> keyOf = new HashMap<>(dag.nodes().size() * 4 / 3 + 1);
        Map<AssetKey, List<DagNode>> byKey = new LinkedHashMap<>(dag.nodes().size() * 4 / 3 + 1);
        for (DagNode node : dag.nodes()) {
            if (node.kind().equals("test")) {
                continue;
            }
            if (keyOf.containsKey(node.id())) {
                log.warn("rocky dag lists node " + node.id() + " more than once; the repeat is skipped");
                continue;
            }
            AssetKey key = translator.dagNodeAssetKey(node);
            keyOf.put(node.id(), key);
            byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(node);
        }
        refuseCollisions(byKey);
        Map<String, TableColumnLineage> lineage = columnLineage(dag, byKey);
        PartitionRules partitions = new PartitionRules(log);
        List<AssetSpec> assets = new ArrayList<>(byKey.size());
        Map<AssetKey, RunTarget> targets = new HashMap<>(byKey.size() * 4 / 3 + 1);
        List<String> sourceIds = state.discover().sources().stream().map(Source::id).toList();
        // a replication pipeline expands into a source and a load node; a load pipeline into one load node
        Set<String> replicationPipelines = new HashSet<>();
        for (DagNode node : dag.nodes()) {
            if (node.kind().equals("source")) {
                node.pipeline().ifPresent(replicationPipelines::add);
            }
        }
        for (Map.Entry<AssetKey, List<DagNode>> e : byKey.entrySet()) {
            DagNode node = e.getValue().get(0);
            runTarget(node, sourceIds, replicationPipelines).ifPresent(t -> targets.put(e.getKey(), t));
            List<AssetKey> deps = new ArrayList<>(node.dependsOn().size());
            for (String upstream : node.dependsOn()) {
                AssetKey dep = keyOf.get(upstream);
                if (dep != null && !dep.equals(e.getKey()) && !deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            Map<String, MetadataValue> metadata = new LinkedHashMap<>();
            metadata.put(MetadataKeys.ROCKY_NODE_ID, MetadataValue.text(node.id()));
            metadata.put(MetadataKeys.ROCKY_KIND, MetadataValue.text(node.kind()));
            node.pipeline().ifPresent(p -> metadata.put(MetadataKeys.ROCKY_PIPELINE, MetadataValue.text(p)));
            node.target().ifPresent(t -> metadata.put(MetadataKeys.DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME,
                    MetadataValue.text(t.fullName())));
            node.strategy().ifPresent(s -> metadata.put(MetadataKeys.DAGSTER_ROCKY_STRATEGY, MetadataValue.text(s.type())));
            if (node.kind().equals("transformation") && lineage.containsKey(node.label())) {
                metadata.put(MetadataKeys.DAGSTER_COLUMN_LINEAGE, MetadataValue.columnLineage(lineage.get(node.label())));
            }
            assets.add(new AssetSpec(e.getKey(), translator.dagGroupName(node), deps, List.of("rocky", node.kind()),
                    Map.of(MetadataKeys.ROCKY_KIND, node.kind()), metadata, List.of(),
                    PartitionRules.freshness(node.freshnessMaxLagSeconds()),
                    node.partitionShape().flatMap(shape -> partitions.ofShape(shape, node.firstPartition(), node.id()))));
        }
        return new Definitions(assets, state.storeVersion(), targets);
    }

    private static void refuseCollisions(Map<AssetKey, List<DagNode>> byKey) {
        List<String> collisions = new ArrayList<>();
        byKey.forEach((key, nodes) -> {
            if (nodes.size() > 1) {
                List<String> who = nodes.stream().map(n -> n.id() + " (pipeline " + n.pipeline().orElse("none") + ")").toList();
                collisions.add(key + " ← " + String.join(", ", who));
            }
        });
        if (!collisions.isEmpty()) {
            throw new RockyException(ErrorCode.GRAPH_INVALID, "two or more DAG nodes map to one asset key: "
                    + String.join("; ", collisions) + "; use a translator whose dagNodeAssetKey tells them apart");
        }
    }

    /**
     * How a DAG node is materialized: a transformation by its model (label), a source or load node
     * by its replication pipeline's discovered sources, the load node of a {@code load} pipeline
     * (one with no source node beside it: rocky-core unified_dag.rs expands only replication
     * pipelines into a source and a load node) by {@code rocky run --pipeline}, seed, quality and
     * snapshot nodes by a placeholder. A source or load node without a pipeline cannot be run and
     * gets none.
     */
    private Optional<RunTarget> runTarget(DagNode node, List<String> sourceIds, Set<String> replicationPipelines) {
        switch (node.kind()) {
            case "transformation":
                return Optional.of(new RunTarget.Model(node.label(), node.target()
                        .map(t -> List.of(t.catalog(), t.schema(), t.table())).orElse(List.of()), node.pipeline()));
            case "source":
            case "load":
                if (node.pipeline().isEmpty()) {
                    log.warn("DAG node " + node.id() + " names no pipeline, so it cannot be materialized");
                    return Optional.empty();
                }
                if (node.kind().equals("load") && !replicationPipelines.contains(node.pipeline().get())) {
                    return Optional.of(new RunTarget.LoadPipeline(node.pipeline().get()));
                }
                return Optional.of(new RunTarget.ReplicationPipeline(node.pipeline().get(), sourceIds));
            default:
                return Optional.of(new RunTarget.Placeholder(node.kind()));
        }
    }

    /**
     * The {@code column_lineage} edges per target model: each column's upstream columns, keyed by
     * the upstream model's asset key (its model name when no transformation node has that label),
     * self-edges and repeats left out.
     */
    private static Map<String, TableColumnLineage> columnLineage(DagResult dag, Map<AssetKey, List<DagNode>> byKey) {
        if (dag.columnLineage().isEmpty()) {
            return Map.of();
        }
        Map<String, AssetKey> modelKeys = new HashMap<>();
        byKey.forEach((key, nodes) -> {
            for (DagNode node : nodes) {
                if (node.kind().equals("transformation")) {
                    modelKeys.putIfAbsent(node.label(), key);
                }
            }
        });
        Map<String, Map<String, List<TableColumnLineage.ColumnDep>>> byModel = new LinkedHashMap<>();
        for (ColumnLineageEdge edge : dag.columnLineage()) {
            if (edge.sourceModel().equals(edge.targetModel())) {
                continue;
            }
            AssetKey upstream = modelKeys.get(edge.sourceModel());
            LineageMerge.addOnce(byModel.computeIfAbsent(edge.targetModel(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.targetColumn(), c -> new ArrayList<>(2)), new TableColumnLineage.ColumnDep(
                    upstream != null ? upstream : AssetKey.of(edge.sourceModel()), edge.sourceColumn()));
        }
        Map<String, TableColumnLineage> out = new HashMap<>(byModel.size() * 4 / 3 + 1);
        byModel.forEach((model, columns) -> out.put(model, new TableColumnLineage(columns)));
        return out;
    }

    private void warnIfNewerSchema(DagResult dag) {
        try {
            if (Integer.parseInt(dag.schemaVersion().strip()) > Integer.parseInt(DagResult.SUPPORTED_SCHEMA_VERSION)) {
                log.warn("rocky dag schema_version " + dag.schemaVersion() + " is newer than " + DagResult.SUPPORTED_SCHEMA_VERSION
                        + ", the one this rocky-java understands; the graph is built from the fields it knows; upgrade "
                        + "rocky-java to pick up the rest");
            }
        } catch (NumberFormatException e) {
            log.log(LogSink.Level.DEBUG, "rocky dag schema_version '" + dag.schemaVersion() + "' is not a number; not compared");
        }
    }
}
