package dev.rocky.core.state;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.RockyOutput;
import java.util.Objects;
import java.util.Optional;

/**
 * What a refresh has gathered and wants written: each slot as the parsed value plus rocky's exact
 * stdout, so the state keeps every field the engine printed, including ones this build does not
 * know.
 *
 * @param discover the discover output
 * @param compile the compile output, when compile ran and succeeded
 * @param optimize the optimize output, when optimize ran and succeeded
 * @param dagStatus the DAG slot's status
 * @param dagError why the DAG slot failed, when it did
 */
public record StateDraft(
        RockyOutput<DiscoverResult> discover,
        Optional<RockyOutput<CompileResult>> compile,
        Optional<RockyOutput<OptimizeResult>> optimize,
        DagStatus dagStatus,
        Optional<String> dagError) {

    /** Rejects {@code null} parts. */
    public StateDraft {
        Objects.requireNonNull(discover, "discover is null");
        Objects.requireNonNull(compile, "compile is null");
        Objects.requireNonNull(optimize, "optimize is null");
        Objects.requireNonNull(dagStatus, "dagStatus is null");
        Objects.requireNonNull(dagError, "dagError is null");
    }
}
