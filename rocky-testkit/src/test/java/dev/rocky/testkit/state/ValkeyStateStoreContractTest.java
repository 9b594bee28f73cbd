package dev.rocky.testkit.state;

import dev.rocky.core.port.VersionStorage;
import dev.rocky.state.remote.ValkeySettings;
import dev.rocky.state.remote.ValkeyVersionStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versioned-store contract on a real {@code redis-server} on loopback, with a password. Skipped
 * when no server binary is installed, unless {@code ROCKY_REQUIRE_TEST_SERVERS=1} (set by
 * {@code .ci/run}), which makes that a failure.
 */
class ValkeyStateStoreContractTest extends VersionedStateStoreContract {

    @TempDir
    static Path data;

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

    static ValkeySettings settings(int port) {
        return new ValkeySettings("127.0.0.1", port, false, Optional.empty(), Optional.of(PASSWORD), 0, "rocky-test",
                Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Override
    protected VersionStorage openStorage(String stateKey) {
        return new ValkeyVersionStorage(settings(server.port()), stateKey);
    }

    @Override
    protected void stopBackend() {
        server.stop();
    }

    @Override
    protected void startBackend() {
        server.start();
    }

    @Override
    protected Class<? extends VersionStorageFactory> factory() {
        return Factory.class;
    }

    @Override
    protected Map<String, String> factorySettings() {
        return Map.of("port", Integer.toString(server.port()), "password", PASSWORD);
    }

    /** Opens the server in the racing child process. */
    public static final class Factory implements VersionStorageFactory {
        @Override
        public VersionStorage open(String key, Map<String, String> s) {
            return new ValkeyVersionStorage(settings(Integer.parseInt(s.get("port"))).withPassword(s.get("password")), key);
        }
    }
}
