package dev.rocky.core.dag;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rocky dag --output json} reports (schema {@code dag.schema.json}, title
 * {@code DagOutput}): every pipeline stage as a node with its direct upstream dependencies.
 *
 * @param version the engine version that printed it
 * @param schemaVersion the graph-export shape version ({@code "1"} when the engine omits it)
 * @param nodes the nodes in the engine's order; copied
 * @param edges the edges; copied
 * @param columnLineage column-level edges (only with {@code --column-lineage}); copied
 */
public record DagResult(String version, String schemaVersion, List<DagNode> nodes, List<DagEdge> edges,
        List<ColumnLineageEdge> columnLineage) {

    /** The graph-export {@code schema_version} this build understands. */
    public static final String SUPPORTED_SCHEMA_VERSION = "1";

    /** Copies the lists. */
    public DagResult {
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(schemaVersion, "schemaVersion is null");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        columnLineage = List.copyOf(columnLineage);
    }
}
