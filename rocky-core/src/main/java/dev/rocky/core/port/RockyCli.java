package dev.rocky.core.port;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;

/**
 * The rocky engine, as the core needs it: each method runs one {@code rocky … --output json}
 * subcommand and returns its parsed JSON. Implemented over the binary by
 * {@code rocky-adapters-process} and faked by {@code rocky-testkit}.
 *
 * <p>Errors, all {@link dev.rocky.core.error.RockyException}s: binary missing or not executable,
 * timeout (process and children killed), non-zero exit without JSON (carries the exit code and
 * stderr tail), stdout that is not JSON, and a schema mismatch naming the command and JSON path.
 *
 * <p>Implementations are thread-safe.
 */
public interface RockyCli {

    /**
     * Runs {@code rocky discover}.
     *
     * @return the discovered sources and tables
     */
    RockyOutput<DiscoverResult> discover();

    /**
     * Runs {@code rocky compile --models <modelsDir>}. A compile with errors (exit 1 with JSON)
     * is returned, with {@code hasErrors} true, not thrown.
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @return the compiled models and diagnostics
     */
    RockyOutput<CompileResult> compile(String modelsDir);

    /**
     * Runs {@code rocky optimize --models <modelsDir>}.
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @return the strategy recommendations
     */
    RockyOutput<OptimizeResult> optimize(String modelsDir);

    /**
     * Runs {@code rocky dag --models <modelsDir>} (with {@code --column-lineage} when asked).
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @param columnLineage whether to ask for column-level lineage edges
     * @return the unified pipeline graph
     */
    RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage);
}
