package dev.rocky.core.port;

import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.governance.ComplianceResult;
import dev.rocky.core.governance.RetentionStatusResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;

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
     * Checks, without running anything, that a command could start at all: the binary exists and
     * is executable, and the rocky config file is a readable regular file. A refresh calls it once,
     * before any command, so that a configuration mistake fails at once instead of being carried
     * forward as a transient failure of every command.
     *
     * @throws dev.rocky.core.error.RockyException {@code BINARY_NOT_FOUND},
     *     {@code BINARY_NOT_EXECUTABLE} or {@code CONFIG_INVALID}, naming the path and the fix
     */
    default void preflight() {
    }

    /**
     * Runs {@code rocky discover}.
     *
     * @return the discovered sources and tables
     */
    RockyOutput<DiscoverResult> discover();

    /**
     * Runs {@code rocky discover --pipeline <pipeline>}: the engine resolves a pipeline by itself
     * only when the config declares exactly one.
     *
     * @param pipeline the replication pipeline to discover; empty for plain {@link #discover()}
     * @return the discovered sources and tables
     * @throws dev.rocky.core.error.RockyException {@code CONFIG_INVALID} from an implementation that
     *     cannot pass a pipeline (the default), rather than discovering another one
     */
    default RockyOutput<DiscoverResult> discover(java.util.Optional<String> pipeline) {
        if (pipeline.isEmpty()) {
            return discover();
        }
        throw new dev.rocky.core.error.RockyException(dev.rocky.core.error.ErrorCode.CONFIG_INVALID, "this RockyCli ("
                + getClass().getName() + ") cannot pass --pipeline " + pipeline.get() + " to rocky discover; implement "
                + "discover(Optional) to support projects with several pipelines");
    }

    /**
     * Runs {@code rocky compile --models <modelsDir>}. A compile with errors (exit 1 with JSON)
     * is returned, with {@code hasErrors} true, not thrown.
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @return the compiled models and diagnostics
     */
    RockyOutput<CompileResult> compile(String modelsDir);

    /**
     * Runs {@code rocky compile --models <modelsDir> --contracts <contractsDir>}, so the engine
     * validates the models against their {@code <model>.contract.toml} files and reports contract
     * diagnostics (E010–E013, W010), as the reference's resource does when {@code contracts_dir} is
     * set. The default serves implementations that predate the contracts flag: without a contracts
     * directory it is {@link #compile(String)}; with one it refuses, rather than compile without it.
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @param contractsDir the contracts directory as rocky takes it, when there is one
     * @return the compiled models and diagnostics
     * @throws UnsupportedOperationException when a contracts directory is given and the
     *     implementation does not override this method
     */
    default RockyOutput<CompileResult> compile(String modelsDir, java.util.Optional<String> contractsDir) {
        if (contractsDir.isPresent()) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot pass --contracts to rocky compile; "
                    + "implement compile(String, Optional)");
        }
        return compile(modelsDir);
    }

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

    /**
     * Runs {@code rocky dag --models <modelsDir> --contracts <contractsDir>} (with
     * {@code --column-lineage} when asked), as the reference's resource does when
     * {@code contracts_dir} is set. The default serves implementations that predate the flag:
     * without a contracts directory it is {@link #dag(String, boolean)}; with one it refuses,
     * rather than run without it.
     *
     * @param modelsDir the models directory as rocky takes it (relative to the project directory)
     * @param columnLineage whether to ask for column-level lineage edges
     * @param contractsDir the contracts directory as rocky takes it, when there is one
     * @return the unified pipeline graph
     * @throws UnsupportedOperationException when a contracts directory is given and the
     *     implementation does not override this method
     */
    default RockyOutput<DagResult> dag(String modelsDir, boolean columnLineage, java.util.Optional<String> contractsDir) {
        if (contractsDir.isPresent()) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot pass --contracts to rocky dag; "
                    + "implement dag(String, boolean, Optional)");
        }
        return dag(modelsDir, columnLineage);
    }

    /**
     * Runs {@code rocky run} with the options' flags. A run that printed JSON is returned whatever its
     * status: a partial failure (exit 2) or failure (exit 1) carries its {@code errors}.
     *
     * @param options the run's flags, time budget and secrets
     * @param sink receives each stderr line as it arrives, with secret values masked
     * @return the run's result
     * @throws dev.rocky.core.error.RockyException {@code CONFIG_INVALID} for a governance override
     *     that is not a JSON object or would revoke every workspace binding (checked before anything
     *     runs); otherwise as the class says, with secret values masked in every message
     */
    RockyOutput<RunResult> run(RunOptions options, LogSink sink);

    /**
     * Runs {@code rocky plan} with the options' flags, and checks that the plan it reports was
     * persisted to {@code .rocky/plans/<plan_id>.json} in the project.
     *
     * @param options the flags the later apply will run with
     * @param sink receives each stderr line as it arrives
     * @return the plan; its {@code planId} is empty when the engine printed none
     * @throws dev.rocky.core.error.RockyException {@code PLAN_INVALID} when the plan id is
     *     malformed or its file was not written; otherwise as {@link #run}
     */
    RockyOutput<PlanResult> plan(RunOptions options, LogSink sink);

    /**
     * Runs {@code rocky apply <plan_id>}, which executes a persisted run plan and prints a run
     * document.
     *
     * @param planId the 64-hex-digit id {@link #plan} returned
     * @param options the time budget and the secrets to mask (its flags were fixed by the plan)
     * @param sink receives each stderr line as it arrives
     * @return the run's result, as {@link #run}
     * @throws dev.rocky.core.error.RockyException as {@link #run}
     */
    RockyOutput<RunResult> apply(String planId, RunOptions options, LogSink sink);

    /**
     * {@link #run} under Dagster Pipes ({@code execution_mode: pipes}): rocky is started with
     * {@code DAGSTER_PIPES_CONTEXT} and {@code DAGSTER_PIPES_MESSAGES} naming a context file and a
     * messages file, and each message it writes reaches {@code session}'s receiver on the calling
     * thread while it runs. The printed document is still returned.
     *
     * @param options the run's flags
     * @param sink receives each stderr line
     * @param session the context to give and the receiver of messages
     * @return the run's result, as {@link #run}
     * @throws UnsupportedOperationException when this client cannot speak Pipes
     * @throws dev.rocky.core.error.RockyException as {@link #run}; the messages received before
     *     the failure were already handed over
     */
    default RockyOutput<RunResult> run(RunOptions options, LogSink sink, dev.rocky.core.run.PipesSession session) {
        throw new UnsupportedOperationException("this rocky client does not speak Dagster Pipes");
    }

    /**
     * {@link #apply(String, RunOptions, LogSink)} under Dagster Pipes, as
     * {@link #run(RunOptions, LogSink, dev.rocky.core.run.PipesSession)}; the context's extras carry
     * {@code plan_id}.
     *
     * @param planId the plan to apply
     * @param options the time budget and secrets
     * @param sink receives each stderr line
     * @param session the context to give and the receiver of messages
     * @return the run's result
     * @throws UnsupportedOperationException when this client cannot speak Pipes
     */
    default RockyOutput<RunResult> apply(String planId, RunOptions options, LogSink sink, dev.rocky.core.run.PipesSession session) {
        throw new UnsupportedOperationException("this rocky client does not speak Dagster Pipes");
    }

    /**
     * Runs {@code rocky compliance --models <modelsDir>}.
     *
     * @param modelsDir the models directory as rocky takes it
     * @return the compliance exceptions and totals
     */
    RockyOutput<ComplianceResult> compliance(String modelsDir);

    /**
     * Runs {@code rocky retention-status --models <modelsDir>}.
     *
     * @param modelsDir the models directory as rocky takes it
     * @return per model, configured and warehouse retention
     */
    RockyOutput<RetentionStatusResult> retentionStatus(String modelsDir);

    /**
     * Runs {@code rocky lineage <model> --models <modelsDir>} (the model form).
     *
     * @param model the model's name
     * @param modelsDir the models directory as rocky takes it
     * @return the model's column edges
     */
    RockyOutput<ModelLineage> lineage(String model, String modelsDir);

    /**
     * {@code rocky doctor}: the engine's health checks (schema {@code doctor.schema.json}). A
     * critical check makes the engine exit 3 with the document printed; that is a result, not an
     * error.
     *
     * @return the report
     * @throws dev.rocky.core.error.RockyException as {@link #discover()}; {@code CONFIG_UNSUPPORTED}
     *     from an implementation that predates the command
     */
    default RockyOutput<dev.rocky.core.run.DoctorResult> doctor() {
        throw new dev.rocky.core.error.RockyException(dev.rocky.core.error.ErrorCode.CONFIG_UNSUPPORTED,
                getClass().getName() + " does not implement rocky doctor, which strict_doctor needs; implement RockyCli.doctor()");
    }

    /**
     * {@code rocky doctor --check <name>}: only the named check (the write probe's
     * {@code state_rw}, say). The default runs every check and keeps the named one.
     *
     * @param check the check to run, when only one is wanted
     * @return the report
     * @throws dev.rocky.core.error.RockyException as {@link #doctor()}
     */
    default RockyOutput<dev.rocky.core.run.DoctorResult> doctor(java.util.Optional<String> check) {
        RockyOutput<dev.rocky.core.run.DoctorResult> all = doctor();
        if (check.isEmpty()) {
            return all;
        }
        dev.rocky.core.run.DoctorResult r = all.value();
        return new RockyOutput<>(new dev.rocky.core.run.DoctorResult(r.overall(), r.checks().stream()
                .filter(c -> c.name().equals(check.get())).toList(), r.suggestions(), r.exitCode()), all.json(), all.exitCode());
    }

    /**
     * {@code rocky state}: the state store's watermarks (schema {@code state.schema.json}).
     *
     * @return the report
     * @throws dev.rocky.core.error.RockyException as {@link #discover()}; {@code CONFIG_UNSUPPORTED}
     *     from an implementation that predates the command
     */
    default RockyOutput<dev.rocky.core.report.StateReport> state() {
        throw notImplemented("state");
    }

    /**
     * {@code rocky history [--since <date>]}: the recorded runs (schema {@code history.schema.json}).
     *
     * @param since only runs from this date on ({@code YYYY-MM-DD}, or RFC 3339), when given
     * @return the runs
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.RunHistory> history(java.util.Optional<String> since) {
        throw notImplemented("history");
    }

    /**
     * {@code rocky metrics <model> [--trend] [--column <c>] [--alerts]} (schema
     * {@code metrics.schema.json}).
     *
     * @param model the model
     * @param trend {@code --trend}
     * @param column {@code --column}, when given
     * @param alerts {@code --alerts}
     * @return the model's quality snapshots
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.ModelMetrics> metrics(String model, boolean trend, java.util.Optional<String> column,
            boolean alerts) {
        throw notImplemented("metrics");
    }

    /**
     * {@code rocky cost <run_id|latest>} (schema {@code cost.schema.json}).
     *
     * @param runId a run id, or {@code latest}
     * @return the run's cost per model
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.RunCost> cost(String runId) {
        throw notImplemented("cost");
    }

    /**
     * {@code rocky test --models <dir> [--contracts <dir>] [--model <m>]} (schema
     * {@code test.schema.json}). A failed test is a report (exit 1 with the document), not an error.
     *
     * @param modelsDir {@code models_dir}
     * @param contractsDir {@code contracts_dir}, when set
     * @param model only this model, when given
     * @return the report
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.TestReport> test(String modelsDir, java.util.Optional<String> contractsDir,
            java.util.Optional<String> model) {
        throw notImplemented("test");
    }

    /**
     * {@code rocky ci --models <dir> [--contracts <dir>]} (schema {@code ci.schema.json}): compile,
     * then test. A failure is a report (exit 1 with the document), not an error.
     *
     * @param modelsDir {@code models_dir}
     * @param contractsDir {@code contracts_dir}, when set
     * @return the report
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.CiReport> ci(String modelsDir, java.util.Optional<String> contractsDir) {
        throw notImplemented("ci");
    }

    /**
     * {@code rocky review <plan_id> --status} (schema {@code review_status.schema.json}).
     *
     * @param planId a 64-hex-digit plan id
     * @return whether the plan was signed off
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     * @throws IllegalArgumentException when {@code planId} is not 64 hex digits
     */
    default RockyOutput<dev.rocky.core.report.ReviewStatus> reviewStatus(String planId) {
        throw notImplemented("review --status");
    }

    /**
     * {@code rocky history --model <m>} (schema {@code model_history.schema.json}).
     *
     * @param model the model
     * @return its executions
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.ModelHistory> modelHistory(String model) {
        throw notImplemented("history --model");
    }

    /**
     * {@code rocky discover [--pipeline <p>] --emit-fivetran-state-to <file>}: discover, and write the
     * canonical Fivetran state envelope to a file as a side effect (atomic, idempotent; the
     * envelope is not in the result).
     *
     * @param pipeline {@code --pipeline}, when one must be named
     * @param fivetranStateFile where the envelope goes
     * @return the discover result
     * @throws dev.rocky.core.error.RockyException as {@link #discover()}
     */
    default RockyOutput<DiscoverResult> discover(java.util.Optional<String> pipeline, String fivetranStateFile) {
        throw notImplemented("discover --emit-fivetran-state-to");
    }

    /**
     * {@code rocky compile --models <dir> [--contracts <dir>] --model <m>}: one model.
     *
     * @param modelsDir {@code models_dir}
     * @param contractsDir {@code contracts_dir}, when set
     * @param model the model
     * @return the compile result
     * @throws dev.rocky.core.error.RockyException as {@link #compile(String)}
     */
    default RockyOutput<CompileResult> compile(String modelsDir, java.util.Optional<String> contractsDir, String model) {
        throw notImplemented("compile --model");
    }

    /**
     * {@code rocky apply <plan_id> --expect-spec-digest <digest>}: apply a product-bound plan only
     * if it pins this spec digest (which must come from the caller's own approved spec, never from
     * {@link #reviewStatus}).
     *
     * @param planId a 64-hex-digit plan id
     * @param expectSpecDigest the digest the plan must carry
     * @param options the flags (timeout, masked secrets)
     * @param sink receives rocky's stderr lines
     * @return the run the plan made
     * @throws dev.rocky.core.error.RockyException as {@link #apply(String, dev.rocky.core.run.RunOptions, LogSink)}
     */
    default RockyOutput<RunResult> apply(String planId, String expectSpecDigest, dev.rocky.core.run.RunOptions options, LogSink sink) {
        throw notImplemented("apply --expect-spec-digest");
    }

    /**
     * A command the engine publishes no JSON Schema for, its stdout kept as printed: {@code catalog},
     * {@code branch approve|promote}, {@code plan promote}, {@code product
     * verify|compile|approve|status|list|journal}, {@code ai}, {@code ai-sync}, {@code ai-explain},
     * {@code ai-test}, {@code ai-contract}, {@code hooks list|test}, {@code validate-migration},
     * {@code test-adapter}. See {@link dev.rocky.core.report.RawCommand} for the argv of each.
     *
     * @param command which one, with its arguments
     * @return the raw report
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.RawReport> raw(dev.rocky.core.report.RawCommand command) {
        throw notImplemented(String.join(" ", command.argv()));
    }

    /**
     * {@code rocky lineage <model> --models <dir> --column <c> [--downstream]} (schema
     * {@code column_lineage.schema.json}).
     *
     * @param model the model
     * @param column the column
     * @param modelsDir {@code models_dir}
     * @param downstream trace downstream instead of upstream
     * @return the trace
     * @throws dev.rocky.core.error.RockyException as {@link #state()}
     */
    default RockyOutput<dev.rocky.core.report.ColumnTrace> columnLineage(String model, String column, String modelsDir,
            boolean downstream) {
        throw notImplemented("lineage --column");
    }

    /**
     * {@code rocky run --dag [--models <dir>]} (schema {@code dag_run.schema.json}): the whole DAG,
     * layer by layer. Failed nodes are a report (the document is printed with a non-zero exit).
     *
     * @param modelsDir {@code --models}, when the engine needs it
     * @param sink receives rocky's stderr lines
     * @return the run
     * @throws dev.rocky.core.error.RockyException as {@link #run}
     */
    default RockyOutput<dev.rocky.core.report.DagRun> runDag(java.util.Optional<String> modelsDir, LogSink sink) {
        throw notImplemented("run --dag");
    }

    private dev.rocky.core.error.RockyException notImplemented(String command) {
        return new dev.rocky.core.error.RockyException(dev.rocky.core.error.ErrorCode.CONFIG_UNSUPPORTED,
                getClass().getName() + " does not implement rocky " + command + "; implement it on your RockyCli");
    }
}
