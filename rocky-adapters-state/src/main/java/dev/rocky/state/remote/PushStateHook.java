package dev.rocky.state.remote;

import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.core.state.WrittenState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready {@code post_state_write_hook} that pushes every state the refresh writes to a versioned
 * remote store, for users who keep the local state file as the primary and want a durable copy
 * (the reference's "push to S3 or Valkey" hook). Each push is a new version in the remote store,
 * written with the same compare-and-set as {@code defs_state: {management_type:
 * VERSIONED_STATE_STORAGE}}, so pods can read it with that setting.
 *
 * <p>Set it with {@code RockyComponent.builder(config).postStateWriteHook(PushStateHook.toS3(…))} or
 * from defs.yaml with {@code post_state_write_hook: {push_to: {type: s3, …}}}. A failed push is an
 * exception, which the refresh logs as a warning; the local state stays as written.
 */
public final class PushStateHook implements PostStateWriteHook, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushStateHook.class);

    private final VersionedDefsStateStore target;
    private final AutoCloseable resources;

    /**
     * @param target the store every written state is pushed to
     * @param resources what to close with the hook (the target's client), or {@code null}
     */
    public PushStateHook(VersionedDefsStateStore target, AutoCloseable resources) {
        this.target = Objects.requireNonNull(target, "target is null");
        this.resources = resources;
    }

    /**
     * @param settings the bucket, endpoint and credentials
     * @param key the state key the versions are stored under
     * @param keep how many pushed versions to keep
     * @return a hook pushing to {@code s3://<bucket>/<prefix>/<key>/}
     */
    public static PushStateHook toS3(S3Settings settings, String key, int keep) {
        S3VersionStorage storage = new S3VersionStorage(settings, key);
        return new PushStateHook(new VersionedStateStore(storage, keep), storage);
    }

    /**
     * @param settings the server, credentials and prefix
     * @param key the state key the versions are stored under
     * @param keep how many pushed versions to keep
     * @return a hook pushing to {@code <prefix>:<key>:<version>} on that server
     */
    public static PushStateHook toValkey(ValkeySettings settings, String key, int keep) {
        ValkeyVersionStorage storage = new ValkeyVersionStorage(settings, key);
        return new PushStateHook(new VersionedStateStore(storage, keep), storage);
    }

    /** @return the store states are pushed to */
    public VersionedDefsStateStore target() {
        return target;
    }

    /**
     * Pushes the file's bytes as a new version.
     *
     * @param stateFile the state file the refresh just wrote
     * @throws IOException when the file cannot be read
     * @throws dev.rocky.core.error.StateException when the remote store refuses the write
     */
    @Override
    public void stateWritten(Path stateFile) throws IOException {
        WrittenState pushed = target.write(Files.readAllBytes(stateFile));
        LOG.info("pushed {} to {} as version {}", stateFile, target.location(), pushed.version().orElse("?"));
    }

    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }

    @Override
    public String toString() {
        return "PushStateHook[" + target.location() + "]";
    }
}
