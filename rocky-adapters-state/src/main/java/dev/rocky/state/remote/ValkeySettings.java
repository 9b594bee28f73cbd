package dev.rocky.state.remote;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a {@link ValkeyVersionStorage} reaches its server ({@code defs_state.storage} with
 * {@code type: valkey} in defs.yaml). A standalone Valkey or Redis server (or a primary behind a
 * fixed address); cluster mode is not supported.
 *
 * @param host the server's host name or address
 * @param port its port (6379 by default)
 * @param tls whether to connect with TLS (the JVM's default trust store verifies the server)
 * @param username the ACL user, or empty for the default user
 * @param password the password, or empty when the server needs none; never shown by {@link #toString()}
 * @param database the logical database number (0–15 on a default server)
 * @param prefix the key prefix; keys are {@code <prefix>:<state key>:<version>}
 * @param versionTtl when present, a version that stops being the latest expires after this long (the
 *     latest never expires); when empty, only {@code keep_versions} prunes
 * @param connectTimeout the TCP connect timeout
 * @param socketTimeout how long one command may wait for its reply
 */
public record ValkeySettings(String host, int port, boolean tls, Optional<String> username, Optional<String> password,
        int database, String prefix, Optional<Duration> versionTtl, Duration connectTimeout, Duration socketTimeout) {

    /** Default {@link #connectTimeout()}: 2 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Default {@link #socketTimeout()}: 3 s, so a paused server costs a load seconds, not tens of
     * seconds, before it falls back to the pod's cache ({@code read_timeout_seconds} in defs.yaml).
     */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(3);
    /** Default {@link #prefix()}. */
    public static final String DEFAULT_PREFIX = "rocky-defs-state";

    /** Rejects {@code null} parts, a blank host or prefix, a port outside 1–65535 and a negative database. */
    public ValkeySettings {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(username, "username is null");
        Objects.requireNonNull(password, "password is null");
        Objects.requireNonNull(prefix, "prefix is null");
        Objects.requireNonNull(versionTtl, "versionTtl is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(socketTimeout, "socketTimeout is null");
        if (host.isBlank() || prefix.isBlank()) {
            throw new IllegalArgumentException("host and prefix must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, got " + database);
        }
        if (versionTtl.map(t -> t.getSeconds() < 1).orElse(false)) {
            throw new IllegalArgumentException("versionTtl must be at least one second, got " + versionTtl.get());
        }
    }

    /**
     * @param host the server's host
     * @param port its port
     * @return plain-TCP settings with no password, database 0, the default prefix, no TTL and the
     *     default timeouts
     */
    public static ValkeySettings of(String host, int port) {
        return new ValkeySettings(host, port, false, Optional.empty(), Optional.empty(), 0, DEFAULT_PREFIX, Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
    }

    /**
     * @param newPrefix the key prefix
     * @return these settings with that prefix
     */
    public ValkeySettings withPrefix(String newPrefix) {
        return new ValkeySettings(host, port, tls, username, password, database, newPrefix, versionTtl, connectTimeout, socketTimeout);
    }

    /**
     * @param secret the password
     * @return these settings with that password
     */
    public ValkeySettings withPassword(String secret) {
        return new ValkeySettings(host, port, tls, username, Optional.of(secret), database, prefix, versionTtl, connectTimeout,
                socketTimeout);
    }

    /**
     * @param ttl how long a superseded version lives
     * @return these settings with that TTL
     */
    public ValkeySettings withVersionTtl(Duration ttl) {
        return new ValkeySettings(host, port, tls, username, password, database, prefix, Optional.of(ttl), connectTimeout,
                socketTimeout);
    }

    /** @return {@code valkey://host:port/db} (or {@code valkeys://} with TLS), for messages; no secrets */
    public String describe() {
        return (tls ? "valkeys://" : "valkey://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "ValkeySettings[" + describe() + ", prefix " + prefix + username.map(u -> ", user " + u).orElse("")
                + password.map(p -> ", password ***").orElse("") + versionTtl.map(t -> ", version TTL " + t).orElse("") + "]";
    }
}
