package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.PipesSession;
import dev.rocky.core.run.RockyCall;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResolver;
import dev.rocky.core.run.RunResolvers;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.RunTarget;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a materialization's planned calls in order and hands each call's output to the ledger as
 * soon as it returns, with the reference's stopping rules: a configuration error (binary missing,
 * engine too old, a refused governance override, an unusable plan) stops at once; a call that
 * times out fails its assets ({@code failure_kind: timeout}) and the remaining calls are not run;
 * a run that reports a {@code quota-exceeded} error keeps its own events and the remaining calls
 * are not run (their assets fail as {@code quota-exceeded} with the breach's retry time); any other
 * failed call fails the assets it served and the next calls still run. Before each call, the
 * per-call resolvers fill the options it was not given; a resolver that throws fails that call's
 * assets, naming it, and the call is not made.
 */
final class CallRunner {

    private static final Set<ErrorCode> STOPPING = EnumSet.of(ErrorCode.BINARY_NOT_FOUND, ErrorCode.BINARY_NOT_EXECUTABLE,
            ErrorCode.ENGINE_TOO_OLD, ErrorCode.CONFIG_INVALID, ErrorCode.PLAN_INVALID);

    private final RockyResource resource;
    private final LogSink log;
    private final boolean streaming;
    private final RunResolvers resolvers;
    private final boolean pipes;
    private final Map<AssetKey, RunTarget> targets;

    /**
     * @param resource runs rocky
     * @param log progress and warnings (and rocky's stderr when streaming)
     * @param streaming plan-then-apply with live stderr, or the buffered run
     * @param resolvers fill each call's unset options
     * @param pipes {@code execution_mode: pipes}: each call runs under Dagster Pipes and its
     *     messages become events as they arrive ({@link PipesEvents})
     * @param targets each asset's run target, to remap the engine's keys in Pipes messages
     */
    CallRunner(RockyResource resource, LogSink log, boolean streaming, RunResolvers resolvers, boolean pipes,
            Map<AssetKey, RunTarget> targets) {
        this.resource = resource;
        this.log = log;
        this.streaming = streaming;
        this.resolvers = resolvers;
        this.pipes = pipes;
        this.targets = targets;
    }

    /**
     * Runs the calls in order, each call's result collected into {@code out} as it returns.
     *
     * @throws RockyException a stopping error of a call
     */
    void run(List<RunCall> calls, RunEventCollector out) {
        for (int i = 0; i < calls.size(); i++) {
            RunCall call = calls.get(i);
            RunOptions options;
            try {
                options = resolvers.apply(call.options(), new RunResolver.Context(streaming && !call.options().fused() ? "run_streaming"
                        : "run", call.options().filter(), call.serves().stream().map(AssetSpec::key).toList(), call.options()));
            } catch (RunResolvers.ResolverFailure e) {
                for (AssetSpec spec : call.serves()) {
                    out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), FailureKind.UNKNOWN, e.getMessage()
                            + "; the call was not made", OptionalLong.empty()));
                }
                out.publish();
                continue;
            }
            log.info("materializing " + call.describe() + (pipes ? " over Dagster Pipes" : ""));
            RockyCall told = new RockyCall(i, options, call.serves().stream().map(AssetSpec::key).toList(),
                    call.tenantPartition().or(options::partition));
            out.callStarted(told);
            RunResult result;
            PipesEvents live = pipes ? new PipesEvents(call, targets, out, log) : null;
            try {
                if (live != null) {
                    PipesSession session = new PipesSession(call.serves().stream().map(AssetSpec::key).toList(), live.declaredChecks(),
                            call.options().partition(), UUID.randomUUID().toString(), live::accept);
                    result = resource.runOverPipes(log, options, session);
                } else {
                    result = streaming ? resource.runStreaming(log, options) : resource.run(options);
                }
            } catch (RockyException e) {
                if (STOPPING.contains(e.code())) {
                    out.callFinished(told, Optional.empty(), Optional.of(e.getMessage()));
                    throw e;
                }
                boolean timeout = e.code() == ErrorCode.TIMEOUT;
                String kept = live == null || live.received() == 0 ? ""
                        : "; the " + live.received() + " result(s) rocky reported over Pipes before it stopped are kept"
                                + (live.closed() ? "" : " (it never closed its Pipes session)");
                for (AssetSpec spec : call.serves()) {
                    if (live != null && out.isMaterialized(spec.key())) {
                        continue; // reported over Pipes before the process failed: it did materialize
                    }
                    out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), timeout ? FailureKind.TIMEOUT
                            : FailureKind.UNKNOWN, e.getMessage() + kept, OptionalLong.empty()));
                }
                out.callFinished(told, Optional.empty(), Optional.of(e.getMessage()));
                if (timeout) {
                    // The reference raises a non-retryable Failure at once: nothing after a timeout runs.
                    skipRest(calls, i, FailureKind.TIMEOUT, OptionalLong.empty(), call.describe() + " timed out", out);
                    break;
                }
                continue;
            }
            out.collect(call, result);
            out.callFinished(told, Optional.of(result), Optional.empty());
            OptionalLong breach = result.quotaRetryAfterSeconds();
            if (breach.isPresent()) {
                // The reference stops its filter loop on a quota breach and raises a retriable Failure after the yields.
                skipRest(calls, i, FailureKind.QUOTA_EXCEEDED, breach, "a quota tripped during " + call.describe()
                        + " (retry after " + breach.getAsLong() + " s)", out);
                break;
            }
        }
    }

    /**
     * Fails every asset of the calls after {@code stopped} as not run, once a timeout or a quota
     * breach ended the materialization early, and says so in one warning.
     */
    private void skipRest(List<RunCall> calls, int stopped, FailureKind kind, OptionalLong cooldown, String why, RunEventCollector out) {
        List<RunCall> rest = calls.subList(stopped + 1, calls.size());
        if (rest.isEmpty()) {
            return;
        }
        log.warn(why + ", so the remaining " + rest.size() + (rest.size() == 1 ? " call was" : " calls were") + " not run: "
                + String.join(", ", rest.stream().map(RunCall::describe).toList()));
        for (RunCall call : rest) {
            for (AssetSpec spec : call.serves()) {
                out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), kind, "not run: " + why, cooldown));
            }
        }
        out.publish();
    }
}
