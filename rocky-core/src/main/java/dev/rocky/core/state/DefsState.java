package dev.rocky.core.state;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The cached state, decoded: what the last refresh recorded, from which the asset graph is built
 * without calling rocky. Mirrors the state document
 * {@code {"format_version": 1, "discover": {...}, "compile": {...}?, "optimize": {...}?, "dag_status": "disabled"}}
 * whose slots hold rocky's own JSON output.
 *
 * @param formatVersion the document's {@code format_version}
 * @param discover the {@code discover} slot
 * @param compile the {@code compile} slot, when compile ran
 * @param optimize the {@code optimize} slot, when optimize ran
 * @param dagStatus the {@code dag_status}
 * @param dagError {@code dag_error.message} when {@code dagStatus} is {@code FAILED}
 */
public record DefsState(
        int formatVersion,
        DiscoverResult discover,
        Optional<CompileResult> compile,
        Optional<OptimizeResult> optimize,
        DagStatus dagStatus,
        Optional<String> dagError) {

    /** The state document format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Rejects {@code null} parts. */
    public DefsState {
        Objects.requireNonNull(discover, "discover is null");
        Objects.requireNonNull(compile, "compile is null");
        Objects.requireNonNull(optimize, "optimize is null");
        Objects.requireNonNull(dagStatus, "dagStatus is null");
        Objects.requireNonNull(dagError, "dagError is null");
    }
}
