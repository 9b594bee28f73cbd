package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.governance.ComplianceResult;
import dev.rocky.core.governance.RetentionStatusResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import java.util.Objects;

/**
 * Runs rocky for a materialization, as the reference's {@code RockyResource} does: {@link #run}
 * buffers and returns the typed result, {@link #runStreaming} forwards every stderr line to a log
 * sink as the run goes and goes through <b>plan-then-apply</b> — {@code rocky plan} with the same
 * flags, a check that {@code .rocky/plans/<plan_id>.json} was written, then
 * {@code rocky apply <plan_id>} — so each materialization leaves its plan behind as an auditable
 * artifact, and the result carries the {@code plan_id}. {@link RunOptions#fused()} skips the plan
 * step.
 *
 * <p>A run that printed JSON is returned whatever its status: read {@link RunResult#errors()} (and
 * {@link RunResult#quotaRetryAfterSeconds()}) of a partial failure. Secret values
 * ({@code --governance-override}, {@code --idempotency-key}) are masked in every log line and error
 * message.
 *
 * <p>Errors (all {@link RockyException}): {@code BINARY_NOT_FOUND}, {@code TIMEOUT} (not
 * retryable), {@code COMMAND_FAILED} (exit code and stderr tail), {@code SCHEMA_MISMATCH},
 * {@code CONFIG_INVALID} for a governance override refused before anything runs, and
 * {@code PLAN_INVALID} when {@code rocky plan} gives no plan id (an engine too old for
 * plan-then-apply) or did not persist its plan.
 *
 * <p>Thread-safe when its {@link RockyCli} is.
 */
public final class RockyResource {

    private final RockyCli cli;
    private final LogSink log;

    /**
     * @param cli the rocky engine
     * @param log where the buffered {@link #run} sends rocky's stderr lines (at debug) and progress
     */
    public RockyResource(RockyCli cli, LogSink log) {
        this.cli = Objects.requireNonNull(cli, "cli is null");
        this.log = Objects.requireNonNull(log, "log is null");
    }

    /**
     * {@code rocky run} with the options' flags, buffered.
     *
     * @param options the flags
     * @return the run's result
     * @throws RockyException as the class says
     */
    public RunResult run(RunOptions options) {
        return cli.run(options, log).value();
    }

    /**
     * {@code rocky run --filter <filter>} with the other options' flags, buffered.
     *
     * @param filter one {@code key=value} pair, e.g. {@code id=raw__orders} or {@code source=orders}
     * @param options the other flags (a filter they carry is replaced)
     * @return the run's result
     * @throws IllegalArgumentException when the filter is not one {@code key=value} pair
     * @throws RockyException as the class says
     */
    public RunResult run(String filter, RunOptions options) {
        return run(options.toBuilder().filter(filter).build());
    }

    /**
     * A run whose stderr is forwarded line by line to {@code sink} while it runs; plan-then-apply
     * unless {@link RunOptions#fused()}.
     *
     * @param sink receives each stderr line as rocky writes it, and a line naming the plan
     * @param options the flags
     * @return the run's result, carrying the plan id when a plan was applied
     * @throws RockyException as the class says
     */
    public RunResult runStreaming(LogSink sink, RunOptions options) {
        Objects.requireNonNull(sink, "sink is null");
        if (options.fused() || !options.runOnlyFlags().isEmpty()) {
            // --defer, --defer-to and --resume exist on rocky run only: rocky plan would refuse them
            return cli.run(options, sink).value();
        }
        PlanResult plan = cli.plan(options, sink).value();
        if (plan.planId().isEmpty()) {
            throw new RockyException(ErrorCode.PLAN_INVALID, "rocky plan printed no plan_id, so its plan cannot be applied: the "
                    + "engine is too old for plan-then-apply; upgrade rocky, or set fused to call rocky run directly");
        }
        String id = plan.planId().get();
        sink.info("rocky plan " + id + " (" + plan.statementCount() + " statements) persisted in .rocky/plans; applying it");
        return cli.apply(id, options, sink).value().withPlanId(id);
    }

    /**
     * {@link #runStreaming(LogSink, RunOptions)} under Dagster Pipes: the plan is made as usual,
     * then {@code rocky apply} (or, fused, {@code rocky run}) runs with a Pipes session whose
     * messages reach {@code session}'s receiver while it runs ({@code execution_mode: pipes}).
     *
     * @param sink receives each stderr line and a line naming the plan
     * @param options the flags
     * @param session the context and the receiver of rocky's messages
     * @return the run's result, carrying the plan id when a plan was applied
     * @throws RockyException as the class says
     */
    public RunResult runOverPipes(LogSink sink, RunOptions options, dev.rocky.core.run.PipesSession session) {
        Objects.requireNonNull(sink, "sink is null");
        Objects.requireNonNull(session, "session is null");
        if (options.fused() || !options.runOnlyFlags().isEmpty()) {
            return cli.run(options, sink, session).value();
        }
        PlanResult plan = cli.plan(options, sink).value();
        if (plan.planId().isEmpty()) {
            throw new RockyException(ErrorCode.PLAN_INVALID, "rocky plan printed no plan_id, so its plan cannot be applied over "
                    + "Pipes: the engine is too old for plan-then-apply; upgrade rocky, or set fused to call rocky run directly");
        }
        String id = plan.planId().get();
        sink.info("rocky plan " + id + " (" + plan.statementCount() + " statements) persisted in .rocky/plans; applying it over "
                + "Dagster Pipes");
        return cli.apply(id, options, sink, session).value().withPlanId(id);
    }

    /**
     * {@link #runStreaming(LogSink, RunOptions)} with a filter.
     *
     * @param sink receives each stderr line as it arrives
     * @param filter one {@code key=value} pair
     * @param options the other flags (a filter they carry is replaced)
     * @return the run's result
     * @throws RockyException as the class says
     */
    public RunResult runStreaming(LogSink sink, String filter, RunOptions options) {
        return runStreaming(sink, options.toBuilder().filter(filter).build());
    }

    /**
     * {@code rocky compliance --models <modelsDir>}, once per materialization batch.
     *
     * @param modelsDir the models directory as rocky takes it
     * @return the compliance exceptions and totals
     * @throws RockyException as the class says
     */
    public ComplianceResult compliance(String modelsDir) {
        return cli.compliance(modelsDir).value();
    }

    /**
     * {@code rocky retention-status --models <modelsDir>}, once per materialization batch.
     *
     * @param modelsDir the models directory as rocky takes it
     * @return per model, configured and warehouse retention
     * @throws RockyException as the class says
     */
    public RetentionStatusResult retentionStatus(String modelsDir) {
        return cli.retentionStatus(modelsDir).value();
    }
}
