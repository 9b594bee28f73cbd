package dev.rocky.core.run;

/**
 * Receives a materialization's events and failures as soon as they are known: after each rocky
 * call returns, its events (materializations, check results, observations) and then its failures;
 * after the last call, the governance results and the placeholders. The order is the order of
 * {@link MaterializationReport#events()} and {@link MaterializationReport#failures()}.
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
        };
    }
}
