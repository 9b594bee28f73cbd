package dev.rocky.core.port;

import java.nio.file.Path;

/**
 * Called after every successful state write with the written file, e.g. to push it to a durable
 * store so the next short-lived pod starts warm (the reference's {@code post_state_write_hook}).
 * Set in code only ({@code RockyComponent.builder(...).postStateWriteHook(...)}); it cannot be set
 * from defs.yaml. An exception it throws is logged as a warning and swallowed: the state on disk
 * stays as written.
 */
@FunctionalInterface
public interface PostStateWriteHook {

    /**
     * @param stateFile the state file just written (for a versioned store, the new version's file)
     * @throws Exception anything; it is logged and swallowed
     */
    void stateWritten(Path stateFile) throws Exception;

    /** A hook that does nothing. */
    PostStateWriteHook NONE = stateFile -> { };
}
