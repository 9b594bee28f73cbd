package dev.rocky.core.sensor;

import dev.rocky.core.discover.FailedSource;
import java.util.List;

/**
 * Best-effort observers of a sensor tick, as the reference's lifecycle hooks
 * ({@code on_run_request_emitted}, {@code on_failed_sources}, {@code on_skip}, dagster-rocky
 * sensor.py): an exception a hook throws is logged once as a warning and never changes what the tick
 * hands out. Every method does nothing by default.
 */
public interface SensorHooks {

    /** No hooks. */
    SensorHooks NONE = new SensorHooks() {
    };

    /**
     * Once per request the tick will hand out, after the backlog cap decided.
     *
     * @param request the request
     * @param sourceIds the sources it runs
     */
    default void runRequestEmitted(RunRequest request, List<String> sourceIds) {
    }

    /**
     * When discover reported sources it could not read (not deletions).
     *
     * @param failed those sources
     */
    default void failedSources(List<FailedSource> failed) {
    }

    /**
     * When the tick asks for nothing.
     *
     * @param reason why
     * @param cursorSize how many sources the cursor tracks
     */
    default void skipped(String reason, int cursorSize) {
    }
}
