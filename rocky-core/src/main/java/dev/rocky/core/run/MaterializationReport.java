package dev.rocky.core.run;

import dev.rocky.core.error.RockyRunException;
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

    /**
     * @return the counts of the events by kind, the failures and the number of runs: what a streamed
     *     materialization of the same selection returns
     */
    public MaterializationSummary summary() {
        MaterializationSummary.Tally tally = new MaterializationSummary.Tally();
        for (RunEvent e : events) {
            tally.add(e);
        }
        return tally.summary(failures, runs.size());
    }

    /** @return how it ended, as {@link MaterializationSummary#outcome()} */
    public Outcome outcome() {
        return summary().outcome();
    }

    /** @return as {@link MaterializationSummary#retryAfterSeconds()} */
    public OptionalLong retryAfterSeconds() {
        return summary().retryAfterSeconds();
    }

    /**
     * Raises the failures, aggregated, as {@link MaterializationSummary#throwIfFailed()}.
     *
     * @return this report, when nothing failed
     * @throws RockyRunException naming every failed asset and its {@code failure_kind}
     */
    public MaterializationReport throwIfFailed() {
        summary().throwIfFailed();
        return this;
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
