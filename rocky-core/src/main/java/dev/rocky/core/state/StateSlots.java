package dev.rocky.core.state;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.OptimizeResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The command slots of a state document, each as the parsed value and the exact JSON it was parsed
 * from: what a refresh carries forward from the previous state when a command fails, so a failed
 * call never makes the state worse.
 *
 * @param discover the {@code discover} slot
 * @param compile the {@code compile} slot, when present
 * @param optimize the {@code optimize} slot, when present
 * @param dag the {@code dag} slot, when present
 * @param lineage the {@code lineage} slot, when column lineage was captured at refresh: one
 *     {@code rocky lineage} result per model, its JSON an array of their documents
 */
public record StateSlots(
        RockyOutput<DiscoverResult> discover,
        Optional<RockyOutput<CompileResult>> compile,
        Optional<RockyOutput<OptimizeResult>> optimize,
        Optional<RockyOutput<DagResult>> dag,
        Optional<RockyOutput<List<ModelLineage>>> lineage) {

    /**
     * Slots without {@code lineage}.
     *
     * @param discover the discover slot
     * @param compile the compile slot
     * @param optimize the optimize slot
     * @param dag the dag slot
     */
    public StateSlots(RockyOutput<DiscoverResult> discover, Optional<RockyOutput<CompileResult>> compile,
            Optional<RockyOutput<OptimizeResult>> optimize, Optional<RockyOutput<DagResult>> dag) {
        this(discover, compile, optimize, dag, Optional.empty());
    }

    /** Rejects {@code null} parts. */
    public StateSlots {
        Objects.requireNonNull(lineage, "lineage is null");
        Objects.requireNonNull(discover, "discover is null");
        Objects.requireNonNull(compile, "compile is null");
        Objects.requireNonNull(optimize, "optimize is null");
        Objects.requireNonNull(dag, "dag is null");
    }
}
