package dev.rocky.core.run;

/**
 * Receives a materialization's events and failures as soon as they are known: after each rocky
 * call returns, its events (materializations, check results, observations) and then its failures;
 * after the last call, the governance results and the placeholders. The order is the order of
 * {@link MaterializationReport#events()} and {@link MaterializationReport#failures()}.
 *
 * <p>Each rocky call is bracketed by {@link #callStarted} and {@link #callFinished}, with the
 * call's events and failures told between the two.
 *
 * <p>Called on the materializing thread; a listener that throws stops the materialization with
 * its exception.
 */
public interface RunEventListener {

    /** @param event one event for a selected asset, deduplicated */
    void event(RunEvent event);

    /** @param failure one selected asset (or engine table) that did not materialize */
    default void failure(AssetFailure failure) {
    }

    /**
     * A rocky call is about to start: after its resolvers ran, before the process is spawned. Not
     * told for a call that is never made (a resolver refused it, or an earlier call's timeout or
     * quota breach stopped the materialization).
     *
     * @param call the call
     */
    default void callStarted(RockyCall call) {
    }

    /**
     * A call told to {@link #callStarted} has returned, and every event and failure it produced
     * has been handed to {@link #event} and {@link #failure} already.
     *
     * @param call the call
     * @param result what rocky printed, when the call returned a result (which may still list
     *     failed tables: those are the failures handed on)
     * @param error the message of the error that ended the call (rocky failed, timed out, could not
     *     be read), when it threw; exactly one of {@code result} and {@code error} is present
     */
    default void callFinished(RockyCall call, java.util.Optional<RunResult> result, java.util.Optional<String> error) {
    }

    /** A listener that ignores everything. */
    RunEventListener NONE = event -> { };

    /**
     * @param first told first
     * @param second told second
     * @return a listener that tells both, in that order, each event and failure
     */
    static RunEventListener both(RunEventListener first, RunEventListener second) {
        java.util.Objects.requireNonNull(first, "first is null");
        java.util.Objects.requireNonNull(second, "second is null");
        return new RunEventListener() {
            @Override
            public void event(RunEvent event) {
                first.event(event);
                second.event(event);
            }

            @Override
            public void failure(AssetFailure failure) {
                first.failure(failure);
                second.failure(failure);
            }

            @Override
            public void callStarted(RockyCall call) {
                first.callStarted(call);
                second.callStarted(call);
            }

            @Override
            public void callFinished(RockyCall call, java.util.Optional<RunResult> result, java.util.Optional<String> error) {
                first.callFinished(call, result, error);
                second.callFinished(call, result, error);
            }
        };
    }
}
