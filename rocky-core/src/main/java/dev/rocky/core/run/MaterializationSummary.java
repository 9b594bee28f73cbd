package dev.rocky.core.run;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyRunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How one materialization ended, without its events: how many of each kind were handed to the
 * listener, the failures, and how many rocky runs returned. What a streamed materialization
 * ({@code Materializer.stream}, {@code RockyComponent.stream}) returns, since it keeps no event
 * once the listener has it; {@link MaterializationReport#summary()} gives the same for a report.
 * The outcome and the raised failures follow the reference: its {@code Failure} is raised after
 * every event was yielded.
 *
 * @param materializations {@link RunEvent.MaterializeResult}s, empty outputs included
 * @param emptyOutputs of those, the empty outputs {@code satisfy_empty_outputs} reported
 *     ({@link RunEvent#EMPTY_FOR_PARTITION} in their metadata): they keep a downstream from being
 *     skipped but did not materialize anything
 * @param checkResults {@link RunEvent.AssetCheckResult}s, placeholders included
 * @param failedChecks of those, the ones that did not pass
 * @param observations {@link RunEvent.AssetObservation}s
 * @param failures one per selected asset (or engine table) that did not materialize; copied
 * @param runs how many rocky runs returned a result
 */
public record MaterializationSummary(long materializations, long emptyOutputs, long checkResults, long failedChecks, long observations,
        List<AssetFailure> failures, int runs) {

    /**
     * Copies the failures.
     *
     * @throws IllegalArgumentException when a count is negative or a part exceeds its whole
     */
    public MaterializationSummary {
        failures = List.copyOf(failures);
        if (materializations < 0 || checkResults < 0 || observations < 0 || runs < 0 || emptyOutputs < 0 || failedChecks < 0
                || emptyOutputs > materializations || failedChecks > checkResults) {
            throw new IllegalArgumentException("counts must be non-negative, with empty outputs within materializations and failed"
                    + " checks within check results: " + materializations + "/" + emptyOutputs + ", " + checkResults + "/" + failedChecks
                    + ", " + observations + ", " + runs);
        }
    }

    /** @return how it ended: success when nothing failed, partial failure when something also materialized (an empty output does not count), else failure */
    public MaterializationReport.Outcome outcome() {
        if (failures.isEmpty()) {
            return MaterializationReport.Outcome.SUCCESS;
        }
        return materializations > emptyOutputs ? MaterializationReport.Outcome.PARTIAL_FAILURE : MaterializationReport.Outcome.FAILURE;
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
     * @return this summary, when nothing failed
     * @throws RockyRunException naming every failed asset and its {@code failure_kind}
     */
    public MaterializationSummary throwIfFailed() {
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
     * Counts events as they pass, for a {@link MaterializationSummary} at the end. Not thread-safe:
     * one materializing thread adds.
     */
    public static final class Tally {
        private long materializations;
        private long emptyOutputs;
        private long checkResults;
        private long failedChecks;
        private long observations;

        /** @param event one event, counted by its kind */
        public void add(RunEvent event) {
            Objects.requireNonNull(event, "event is null");
            if (event instanceof RunEvent.MaterializeResult m) {
                materializations++;
                if (m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION)) {
                    emptyOutputs++;
                }
            } else if (event instanceof RunEvent.AssetCheckResult c) {
                checkResults++;
                if (!c.passed()) {
                    failedChecks++;
                }
            } else {
                observations++;
            }
        }

        /**
         * @param failures the materialization's failures
         * @param runs how many rocky runs returned
         * @return the counts so far, with those
         */
        public MaterializationSummary summary(List<AssetFailure> failures, int runs) {
            return new MaterializationSummary(materializations, emptyOutputs, checkResults, failedChecks, observations, failures, runs);
        }
    }
}
