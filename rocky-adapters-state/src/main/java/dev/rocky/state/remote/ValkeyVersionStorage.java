package dev.rocky.state.remote;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.state.LocalFilesystemStateStore;
import io.valkey.DefaultJedisClientConfig;
import io.valkey.HostAndPort;
import io.valkey.JedisPooled;
import io.valkey.exceptions.JedisException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link VersionStorage} on a Valkey or Redis server (valkey-java). Keys, for state key {@code K}
 * (sanitised) under prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P:K:<version>}: a version's bytes, created with {@code SET … NX} so it is never replaced;</li>
 *   <li>{@code P:K:versions}: a sorted set of the version ids, scored by write time in milliseconds,
 *       updated in the same Lua script as the version itself;</li>
 *   <li>{@code P:K:LATEST}: the pointer ({@code <version>\n<nonce>\n}); its whole value is the
 *       compare-and-set tag. A Lua script compares it, checks the target version exists, sets it,
 *       removes the target's TTL and, with {@link ValkeySettings#versionTtl()}, starts the TTL of the
 *       version it replaced — one atomic step on the server.</li>
 * </ul>
 *
 * <p>Connection errors and timeouts become {@code STATE_IO} naming {@link ValkeySettings#describe()};
 * the password never appears in messages. Thread-safe (a connection pool); {@link #close()} closes it.
 */
public final class ValkeyVersionStorage implements VersionStorage, AutoCloseable {

    private static final String CREATE = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
              redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
              return 1
            end
            return 0""";

    private static final String MOVE = """
            local current = redis.call('GET', KEYS[1])
            if current == false then current = '' end
            if current ~= ARGV[1] then return 0 end
            if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('PERSIST', KEYS[2])
            local ttl = tonumber(ARGV[3])
            if ttl > 0 and current ~= '' then
              local old = string.match(current, '^[^\\n]+')
              if old and (ARGV[4] .. old) ~= KEYS[2] then redis.call('EXPIRE', ARGV[4] .. old, ttl) end
            end
            return 1""";

    private static final String LIST = """
            local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            local out = {}
            for i = 1, #entries, 2 do
              local key = ARGV[1] .. entries[i]
              if redis.call('EXISTS', key) == 0 then
                redis.call('ZREM', KEYS[1], entries[i])
              else
                table.insert(out, entries[i])
                table.insert(out, entries[i + 1])
                table.insert(out, tostring(redis.call('STRLEN', key)))
              end
            end
            return out""";

    private static final String DELETE = """
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1""";

    private final ValkeySettings settings;
    private final JedisPooled valkey;
    private final String base;
    private final String index;
    private final String pointerKey;

    /**
     * @param settings the server, credentials and prefix
     * @param key the state key, sanitised with {@link LocalFilesystemStateStore#sanitize(String)}
     */
    public ValkeyVersionStorage(ValkeySettings settings, String key) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.base = settings.prefix() + ":" + LocalFilesystemStateStore.sanitize(key) + ":";
        this.index = base + "versions";
        this.pointerKey = base + "LATEST";
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(settings.connectTimeout().toMillis()))
                .socketTimeoutMillis(Math.toIntExact(settings.socketTimeout().toMillis()))
                .database(settings.database())
                .ssl(settings.tls())
                .clientName("rocky-java");
        settings.username().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        this.valkey = new JedisPooled(new HostAndPort(settings.host(), settings.port()), config.build());
    }

    /** @return the settings this storage was made with */
    public ValkeySettings settings() {
        return settings;
    }

    @Override
    public String location() {
        return settings.describe() + " " + base.substring(0, base.length() - 1);
    }

    @Override
    public String location(String version) {
        return settings.describe() + " " + base + version;
    }

    @Override
    public void create(String version, byte[] content) {
        requireId(version);
        long score = VersionIds.writtenAt(version).orElseGet(Instant::now).toEpochMilli();
        Object created;
        try {
            created = loadingAware(() -> valkey.eval(bytes(CREATE), List.of(bytes(base + version), bytes(index)),
                    List.of(content, bytes(Long.toString(score)), bytes(version))));
        } catch (JedisException e) {
            throw failure("write state version " + location(version), e);
        }
        if (!Long.valueOf(1).equals(created)) {
            throw new StateException(ErrorCode.STATE_IO, "state version " + location(version)
                    + " already exists; version ids must be new", null);
        }
    }

    @Override
    public Optional<byte[]> get(String version) {
        if (!VersionIds.isVersionId(version)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(loadingAware(() -> valkey.get(bytes(base + version))));
        } catch (JedisException e) {
            throw failure("read state version " + location(version), e);
        }
    }

    @Override
    public List<StateVersion> list() {
        Object reply;
        try {
            reply = loadingAware(() -> valkey.eval(LIST, List.of(index), List.of(base)));
        } catch (JedisException e) {
            throw failure("list state versions in " + location(), e);
        }
        List<StateVersion> out = new ArrayList<>();
        if (!(reply instanceof List<?> flat)) {
            return out; // an empty Lua table comes back as an empty map under RESP3
        }
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            String id = text(flat.get(i));
            long millis = (long) Double.parseDouble(text(flat.get(i + 1)));
            long size = Long.parseLong(text(flat.get(i + 2)));
            out.add(new StateVersion(id, VersionIds.writtenAt(id).orElse(Instant.ofEpochMilli(millis)), size, false));
        }
        return out;
    }

    @Override
    public void delete(String version) {
        requireId(version);
        try {
            loadingAware(() -> valkey.eval(DELETE, List.of(base + version, index), List.of(version)));
        } catch (JedisException e) {
            throw failure("delete state version " + location(version), e);
        }
    }

    @Override
    public Optional<VersionPointer> pointer() {
        String value;
        try {
            value = loadingAware(() -> valkey.get(pointerKey));
        } catch (JedisException e) {
            throw failure("read the latest pointer " + settings.describe() + " " + pointerKey, e);
        }
        if (value == null) {
            return Optional.empty();
        }
        String version = value.lines().findFirst().orElse("").strip();
        return version.isEmpty() ? Optional.empty() : Optional.of(new VersionPointer(version, value));
    }

    @Override
    public boolean movePointer(Optional<VersionPointer> expected, String version) {
        requireId(version);
        String next = version + "\n" + UUID.randomUUID() + "\n";
        long ttl = settings.versionTtl().map(Duration::getSeconds).orElse(0L);
        Object moved;
        try {
            moved = loadingAware(() -> valkey.eval(MOVE, List.of(pointerKey, base + version),
                    List.of(expected.map(VersionPointer::tag).orElse(""), next, Long.toString(ttl), base)));
        } catch (JedisException e) {
            throw failure("move the latest pointer " + settings.describe() + " " + pointerKey + " to " + version, e);
        }
        if (Long.valueOf(-1).equals(moved)) {
            throw new StateException(ErrorCode.STATE_IO, "cannot move the latest pointer " + settings.describe() + " " + pointerKey
                    + " to " + version + ": that version is not on the server (expired or deleted)", null);
        }
        return Long.valueOf(1).equals(moved);
    }

    /** How long a command waits for a server that is still loading its dataset (after a restart) before failing. */
    static final Duration LOADING_WAIT = Duration.ofSeconds(5);

    /**
     * Runs a command, and again while the server answers {@code LOADING} (it restarted and is
     * reading its dataset back): a restart is a pause of a few seconds, not an outage, for up to
     * {@link #LOADING_WAIT}; then the {@code LOADING} error is thrown as any other.
     */
    private static <T> T loadingAware(java.util.function.Supplier<T> command) {
        long deadline = System.nanoTime() + LOADING_WAIT.toNanos();
        while (true) {
            try {
                return command.get();
            } catch (io.valkey.exceptions.JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("LOADING") || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    private StateException failure(String what, JedisException e) {
        Optional<String> refused = refusal(e);
        if (refused.isPresent()) {
            // A wrong password is not an outage: it will not pass by itself, so it is never answered from the pod's cache.
            return new StateException(ErrorCode.STATE_ACCESS_DENIED, "cannot " + what + ": " + settings.describe()
                    + " refused the credentials (" + refused.get() + "); check username and password", e);
        }
        return new StateException(ErrorCode.STATE_IO, "cannot " + what + " (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "); check the host, port and TLS settings, and that the server is up", e);
    }

    /** The server's refusal of the credentials, found anywhere in the cause chain (the pool wraps it). */
    private static Optional<String> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof io.valkey.exceptions.JedisAccessControlException || m.startsWith("WRONGPASS")
                    || m.startsWith("NOAUTH") || m.startsWith("NOPERM") || m.contains("invalid username-password")) {
                return Optional.of(firstLine(m));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void requireId(String version) {
        if (!VersionIds.isVersionId(version)) {
            throw new IllegalArgumentException("not a version id: " + version);
        }
    }

    @Override
    public void close() {
        valkey.close();
    }

    @Override
    public String toString() {
        return "ValkeyVersionStorage[" + location() + "]";
    }
}
