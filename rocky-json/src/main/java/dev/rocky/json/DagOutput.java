package dev.rocky.json;

import dev.rocky.core.dag.ColumnLineageEdge;
import dev.rocky.core.dag.DagEdge;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.model.ModelTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky dag --output json} (schema {@code dag.schema.json}, title {@code DagOutput}). Only the
 * fields the asset graph reads are mapped.
 *
 * @param version engine version (required)
 * @param command {@code "dag"} (required)
 * @param schemaVersion graph-export shape version, or {@code null} (default {@code "1"})
 * @param nodes the nodes (required)
 * @param edges the edges (required)
 * @param columnLineage column lineage edges, or {@code null}
 */
public record DagOutput(
        @Required String version,
        @Required String command,
        String schemaVersion,
        @Required List<NodeOutput> nodes,
        @Required List<EdgeOutput> edges,
        List<LineageEdgeOutput> columnLineage) {

    /**
     * {@code DagNodeOutput}.
     *
     * @param id node id (required)
     * @param kind node kind (required)
     * @param label label (required)
     * @param pipeline pipeline, or {@code null}
     * @param target target table, or {@code null}
     * @param strategy strategy, or {@code null}
     * @param dependsOn upstream node ids, or {@code null}
     * @param freshness freshness, or {@code null}
     * @param partitionShape partition shape, or {@code null}
     */
    public record NodeOutput(
            @Required String id,
            @Required String kind,
            @Required String label,
            String pipeline,
            CompileOutput.TargetOutput target,
            CompileOutput.StrategyOutput strategy,
            List<String> dependsOn,
            CompileOutput.FreshnessOutput freshness,
            PartitionShapeOutput partitionShape) {
    }

    /**
     * {@code PartitionShapeOutput}.
     *
     * @param granularity the grain (required)
     * @param firstPartition first partition key, or {@code null}
     */
    public record PartitionShapeOutput(@Required String granularity, String firstPartition) {
    }

    /**
     * {@code DagEdgeOutput}.
     *
     * @param from upstream node id (required)
     * @param to downstream node id (required)
     * @param edgeType edge type (required)
     */
    public record EdgeOutput(@Required String from, @Required String to, @Required String edgeType) {
    }

    /**
     * {@code LineageEdgeRecord}.
     *
     * @param source upstream column (required)
     * @param target downstream column (required)
     * @param transform transform kind (required)
     */
    public record LineageEdgeOutput(@Required ColumnOutput source, @Required ColumnOutput target, @Required String transform) {
    }

    /**
     * {@code LineageQualifiedColumn}.
     *
     * @param model model name (required)
     * @param column column name (required)
     */
    public record ColumnOutput(@Required String model, @Required String column) {
    }

    /** @return the domain value */
    public DagResult toDomain() {
        List<DagNode> out = new ArrayList<>(nodes.size());
        for (NodeOutput n : nodes) {
            out.add(new DagNode(n.id(), n.kind(), n.label(), Optional.ofNullable(n.pipeline()),
                    Optional.ofNullable(n.target()).map(t -> new ModelTarget(t.catalog(), t.schema(), t.table())),
                    Optional.ofNullable(n.strategy()).map(CompileOutput.StrategyOutput::toDomain),
                    n.dependsOn() == null ? List.of() : n.dependsOn(),
                    n.freshness() == null ? OptionalLong.empty() : OptionalLong.of(n.freshness().maxLagSeconds()),
                    Optional.ofNullable(n.partitionShape()).map(PartitionShapeOutput::granularity),
                    Optional.ofNullable(n.partitionShape()).map(PartitionShapeOutput::firstPartition)));
        }
        List<DagEdge> edgeList = edges.stream().map(e -> new DagEdge(e.from(), e.to(), e.edgeType())).toList();
        List<ColumnLineageEdge> lineage = columnLineage == null ? List.of() : columnLineage.stream()
                .map(l -> new ColumnLineageEdge(l.source().model(), l.source().column(), l.target().model(),
                        l.target().column(), l.transform()))
                .toList();
        return new DagResult(version, schemaVersion == null ? DagResult.SUPPORTED_SCHEMA_VERSION : schemaVersion, out,
                edgeList, lineage);
    }
}
