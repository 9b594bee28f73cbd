package dev.rocky.core.state;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.RockyOutput;
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
 */
public record StateSlots(
        RockyOutput<DiscoverResult> discover,
        Optional<RockyOutput<CompileResult>> compile,
        Optional<RockyOutput<OptimizeResult>> optimize,
        Optional<RockyOutput<DagResult>> dag) {

    /** Rejects {@code null} parts. */
    public StateSlots {
        Objects.requireNonNull(discover, "discover is null");
        Objects.requireNonNull(compile, "compile is null");
        Objects.requireNonNull(optimize, "optimize is null");
        Objects.requireNonNull(dag, "dag is null");
    }
}
