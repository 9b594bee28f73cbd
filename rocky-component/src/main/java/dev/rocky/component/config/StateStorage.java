package dev.rocky.component.config;

import dev.rocky.state.remote.S3Settings;
import dev.rocky.state.remote.ValkeySettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a versioned state lives ({@code defs_state.storage}, and {@code
 * post_state_write_hook.push_to}).
 */
public sealed interface StateStorage {

    /** The backends, one per {@code storage.type} value. */
    enum Type {
        /** {@code directory}. */
        DIRECTORY,
        /** {@code s3}. */
        S3,
        /** {@code valkey}. */
        VALKEY
    }

    /** @return which backend this is */
    Type type();

    /** @return the local read-through cache of a remote backend ({@code cache_dir}); empty for a directory */
    Optional<Path> localCache();

    /**
     * {@code type: directory}: a local (or shared) directory.
     *
     * @param dir the base directory ({@code path}), absolute
     */
    record Directory(Path dir) implements StateStorage {
        /** Rejects {@code null}. */
        public Directory {
            Objects.requireNonNull(dir, "dir is null");
        }

        @Override
        public Type type() {
            return Type.DIRECTORY;
        }

        @Override
        public Optional<Path> localCache() {
            return Optional.empty();
        }
    }

    /**
     * {@code type: s3}: a bucket on S3 or an S3-compatible server.
     *
     * @param settings bucket, prefix, endpoint, region, path-style access, credentials
     * @param cacheDir the local read-through cache ({@code cache_dir}, default {@code <project
     *     root>/.defs_state_cache}), absolute
     */
    record S3(S3Settings settings, Path cacheDir) implements StateStorage {
        /** Rejects {@code null} parts. */
        public S3 {
            Objects.requireNonNull(settings, "settings is null");
            Objects.requireNonNull(cacheDir, "cacheDir is null");
        }

        @Override
        public Type type() {
            return Type.S3;
        }

        @Override
        public Optional<Path> localCache() {
            return Optional.of(cacheDir);
        }
    }

    /**
     * {@code type: valkey}: a Valkey or Redis server.
     *
     * @param settings host, port, TLS, user, password, database, prefix, version TTL
     * @param cacheDir the local read-through cache ({@code cache_dir}), absolute
     */
    record Valkey(ValkeySettings settings, Path cacheDir) implements StateStorage {
        /** Rejects {@code null} parts. */
        public Valkey {
            Objects.requireNonNull(settings, "settings is null");
            Objects.requireNonNull(cacheDir, "cacheDir is null");
        }

        @Override
        public Type type() {
            return Type.VALKEY;
        }

        @Override
        public Optional<Path> localCache() {
            return Optional.of(cacheDir);
        }
    }
}
