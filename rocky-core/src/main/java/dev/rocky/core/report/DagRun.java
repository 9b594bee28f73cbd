package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rocky run --dag} (schema {@code dag_run.schema.json}, {@code DagRunOutput}): the whole
 * unified DAG run layer by layer. A failed node is reported in the document (the engine exits
 * non-zero and still prints it); that is a report, not an error.
 *
 * @param version engine version
 * @param totalNodes nodes in the DAG
 * @param totalLayers execution layers
 * @param completed nodes that completed
 * @param failed nodes that failed
 * @param skipped nodes skipped (downstream of a failure)
 * @param durationMs wall time in ms
 * @param nodes each node's outcome; copied
 * @param warnings the engine's warnings; copied
 * @param exitCode the process exit code
 */
public record DagRun(String version, long totalNodes, long totalLayers, long completed, long failed, long skipped, long durationMs,
        List<Node> nodes, List<String> warnings, int exitCode) {

    /** Copies lists; rejects {@code null}. */
    public DagRun {
        Objects.requireNonNull(version, "version is null");
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    /** @return whether every node completed */
    public boolean ok() {
        return failed == 0 && skipped == 0 && completed == totalNodes;
    }

    /**
     * {@code DagRunNodeOutput}.
     *
     * @param id the node id ({@code transformation:fct})
     * @param kind its kind
     * @param label its label
     * @param layer its execution layer
     * @param status its status as the engine wrote it
     * @param durationMs ms
     * @param error why it failed, when it did
     */
    public record Node(String id, String kind, String label, long layer, String status, long durationMs, Optional<String> error) {
    }
}
