package dev.rocky.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.state.ReadThroughCacheStore;
import dev.rocky.state.remote.ValkeySettings;
import dev.rocky.state.remote.ValkeyVersionStorage;
import io.valkey.JedisPooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valkey faults a pod meets, on a real server: a wrong password is an authentication failure,
 * never answered from the pod's cache; a server that was flushed, or lost the version its pointer
 * names, is answered from the pod's copy of that version, with a warning.
 */
class ValkeyFaultsTest {

    @TempDir
    static Path data;

    @TempDir
    Path cache;

    private static RedisServer server;
    private static final String PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void startServer() {
        server = RedisServer.startOrSkip(data, Optional.of(PASSWORD));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private final List<String> warnings = new ArrayList<>();
    private final LogSink log = (level, message) -> {
        if (level == LogSink.Level.WARN) {
            warnings.add(message);
        }
    };

    private ReadThroughCacheStore store(String key, String password) {
        ValkeySettings settings = new ValkeySettings("127.0.0.1", server.port(), false, Optional.empty(), Optional.of(password), 0,
                "rocky-faults", Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        return new ReadThroughCacheStore(new VersionedStateStore(new ValkeyVersionStorage(settings, key), 5, Clock.systemUTC(),
                VersionedStateStore.DEFAULT_ATTEMPTS, Duration.ZERO), cache, log);
    }

    private static byte[] doc(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongPasswordIsAccessDeniedEvenWithACachedCopy() {
        String key = "auth-" + UUID.randomUUID();
        store(key, PASSWORD).write(doc("{\"v\":1}"));
        ReadThroughCacheStore wrong = store(key, "not-the-password");
        assertThatThrownBy(wrong::read).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_ACCESS_DENIED);
            assertThat(e.getMessage()).contains("refused the credentials").doesNotContain("DNS name").doesNotContain("not-the-password");
        });
        assertThat(warnings).isEmpty();
        assertThatThrownBy(() -> wrong.write(doc("{}"))).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_ACCESS_DENIED));
    }

    @Test
    void aFlushedServerIsAnsweredFromThePodsCopyWithAWarning() {
        String key = "flushed-" + UUID.randomUUID();
        ReadThroughCacheStore store = store(key, PASSWORD);
        String version = store.write(doc("{\"v\":2}")).version().orElseThrow();
        try (JedisPooled admin = new JedisPooled("127.0.0.1", server.port(), null, PASSWORD)) {
            admin.flushAll();
        }
        Optional<StoredState> read = store.read();
        assertThat(read).hasValueSatisfying(s -> {
            assertThat(s.version()).contains(version);
            assertThat(new String(s.content(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}");
        });
        assertThat(warnings).singleElement().asString().contains("holds no state (emptied or evicted?)").contains(version);
    }

    @Test
    void aPointerToAnEvictedVersionIsAnsweredFromThePodsCopyOfThatVersion() {
        String key = "evicted-" + UUID.randomUUID();
        ReadThroughCacheStore store = store(key, PASSWORD);
        String version = store.write(doc("{\"v\":3}")).version().orElseThrow();
        try (JedisPooled admin = new JedisPooled("127.0.0.1", server.port(), null, PASSWORD)) {
            for (String k : admin.keys("rocky-faults*")) {
                if (k.endsWith(version)) {
                    admin.del(k);
                }
            }
        }
        assertThat(store.read()).hasValueSatisfying(s -> assertThat(s.version()).contains(version));
        assertThat(warnings).singleElement().asString().contains("names version " + version + ", which is not there")
                .contains("cached copy of that same version");
        ReadThroughCacheStore elsewhere = new ReadThroughCacheStore(store.backend(), cache.resolve("other-pod"), log);
        assertThatThrownBy(elsewhere::read).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT));
    }
}
