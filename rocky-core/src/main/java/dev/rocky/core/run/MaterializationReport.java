package dev.rocky.core.run;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyRunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything one materialization produced: the events for the selected assets, the failures, and
 * the rocky runs behind them.
 *
 * @param events the events, deduplicated, in the order the runs printed them; copied
 * @param failures one per selected asset that did not materialize; copied
 * @param runs each rocky run made, in order; copied
 */
public record MaterializationReport(List<RunEvent> events, List<AssetFailure> failures, List<RunResult> runs) {

    /** How a materialization ended, with the CLI's exit code for each. */
    public enum Outcome {
        /** Nothing failed; exit 0. */
        SUCCESS(0),
        /** Some selected assets failed and some materialized; exit 3. */
        PARTIAL_FAILURE(3),
        /** Nothing materialized and something failed; exit 1. */
        FAILURE(1);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        /** @return the exit code {@code rocky-component materialize} ends with */
        public int exitCode() {
            return exitCode;
        }
    }

    /** Copies lists. */
    public MaterializationReport {
        events = List.copyOf(events);
        failures = List.copyOf(failures);
        runs = List.copyOf(runs);
    }

    /** @return how it ended */
    public Outcome outcome() {
        if (failures.isEmpty()) {
            return Outcome.SUCCESS;
        }
        // An empty output (satisfy_empty_outputs) keeps a downstream from being skipped; it is not something that materialized.
        boolean any = events.stream().anyMatch(e -> e instanceof RunEvent.MaterializeResult m
                && !m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION));
        return any ? Outcome.PARTIAL_FAILURE : Outcome.FAILURE;
    }

    /**
     * @return when a quota breach failed assets, the seconds to wait before retrying (the largest
     *     cooldown rocky gave, 300 when none); empty otherwise
     */
    public OptionalLong retryAfterSeconds() {
        List<OptionalLong> quotaCooldowns = new ArrayList<>();
        for (AssetFailure f : failures) {
            if (f.failureKind() == FailureKind.QUOTA_EXCEEDED) {
                quotaCooldowns.add(f.cooldownSeconds());
            }
        }
        return RunResult.retryAfter(quotaCooldowns);
    }

    /**
     * Raises the failures, aggregated, as the reference raises Dagster's {@code Failure} after the
     * events were yielded: a timeout is not retryable ({@code TIMEOUT}); a quota breach is retryable
     * after the largest populated cooldown, 300 s when none is given ({@code QUOTA_EXCEEDED});
     * every other failure is retryable without a hint ({@code RUN_FAILED}).
     *
     * @return this report, when nothing failed
     * @throws RockyRunException naming every failed asset and its {@code failure_kind}
     */
    public MaterializationReport throwIfFailed() {
        if (failures.isEmpty()) {
            return this;
        }
        boolean timedOut = false;
        List<String> lines = new ArrayList<>(failures.size());
        for (AssetFailure f : failures) {
            lines.add(f.describe());
            timedOut |= f.failureKind() == FailureKind.TIMEOUT;
        }
        OptionalLong retryAfter = retryAfterSeconds();
        String head = failures.size() == 1 ? "1 asset failed to materialize: " : failures.size() + " assets failed to materialize: ";
        if (timedOut) {
            throw new RockyRunException(ErrorCode.TIMEOUT, head + String.join("; ", lines) + "; a rocky call did not finish within "
                    + "timeout_seconds, so the rest were not run; raise timeout_seconds or find what is slow, then materialize again",
                    lines, -1, false);
        }
        if (retryAfter.isPresent()) {
            throw new RockyRunException(ErrorCode.QUOTA_EXCEEDED, head + String.join("; ", lines) + "; a quota tripped: retry after "
                    + retryAfter.getAsLong() + " s", lines, retryAfter.getAsLong(), true);
        }
        throw new RockyRunException(ErrorCode.RUN_FAILED, head + String.join("; ", lines)
                + "; fix the cause (see rocky's stderr above) and materialize them again", lines, -1, true);
    }

    /**
     * @param type {@link RunEvent} subtype
     * @param <E> the subtype
     * @return the events of that type, in order
     */
    public <E extends RunEvent> List<E> eventsOf(Class<E> type) {
        Objects.requireNonNull(type, "type is null");
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
