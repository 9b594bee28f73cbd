package dev.rocky.core.service;

import dev.rocky.core.spec.Definitions;
import java.lang.ref.WeakReference;

/**
 * What a materialization's plan reads from the whole graph rather than from its selection: the
 * discovered tables by group and component pair ({@link CallPlanner.GroupIndex}) and the derived
 * models by shape ({@link ModelCalls.Shapes}). Each is one pass over every asset of the graph; at
 * 100,000 tables that pass was most of the time and memory of materializing one asset. They are
 * kept for the last graph materialized (an orchestrator materializes the same graph again and
 * again until it reloads), each made at its first use; two graphs materialized in turn each make
 * theirs again, as every materialization did before.
 *
 * <p>The graph is held weakly: a graph the component replaced on reload is not kept alive by this
 * cache. Thread-safe: materializations of one component may run at once.
 */
final class GraphIndexes {

    /** The indexes of the last graph asked for; replaced when another is. */
    private volatile Of last;

    /**
     * @param graph the graph about to be materialized
     * @return its indexes: those of the last materialization when it was the same graph (the same
     *     object; a {@link Definitions} is immutable), else new ones, made as they are first read
     */
    Of of(Definitions graph) {
        Of current = last;
        if (current == null || current.graph.get() != graph) {
            current = new Of(graph);
            last = current;
        }
        return current;
    }

    /** The indexes of one graph, each made at its first use. */
    static final class Of {
        private final WeakReference<Definitions> graph;
        private CallPlanner.GroupIndex groups;
        private ModelCalls.Shapes shapes;

        private Of(Definitions graph) {
            this.graph = new WeakReference<>(graph);
        }

        /** @return the graph's discovered tables by group and component pair */
        synchronized CallPlanner.GroupIndex groups() {
            if (groups == null) {
                groups = new CallPlanner.GroupIndex(graph());
            }
            return groups;
        }

        /** @return the graph's derived models by shape */
        synchronized ModelCalls.Shapes shapes() {
            if (shapes == null) {
                shapes = new ModelCalls.Shapes(graph());
            }
            return shapes;
        }

        /** @return the graph, which the materialization asking holds (it is planning it) */
        private Definitions graph() {
            Definitions g = graph.get();
            if (g == null) {
                throw new IllegalStateException("the graph these indexes were made for is gone; ask GraphIndexes.of for the graph at hand");
            }
            return g;
        }
    }
}
