package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.spec.Definitions;
import dev.rocky.state.remote.ValkeySettings;
import dev.rocky.state.remote.ValkeyVersionStorage;
import dev.rocky.testkit.state.RedisServer;
import dev.rocky.testkit.state.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ephemeral pods sharing one state through S3 and Valkey, end to end: defs.yaml → refresh in one
 * "pod" → load in another with an empty disk → load with the backend down from the cached copy →
 * the push hook. Real servers on loopback (s3proxy; redis-server, skipped when not installed).
 */
class RemoteStateTest {

    @TempDir
    static Path servers;

    private static S3ProxyServer s3;
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(servers.resolve("s3"), "rocky-pods");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static final class Pod {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final RockyComponent component;

        Pod(Path defs, Map<String, String> env) {
            LogSink sink = (level, message) -> {
                if (level == LogSink.Level.WARN) {
                    warnings.add(message);
                }
            };
            component = RockyComponent.builder(new DefsYamlLoader(env::get).load(defs))
                    .logSink(sink).build();
        }
    }

    private Path s3Defs(CliFixture fx, String cacheDir) throws Exception {
        fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: prod",
                "  storage:", "    type: s3", "    bucket: " + s3.bucket(), "    prefix: pods/", "    endpoint: " + s3.endpoint(),
                "    access_key_id: " + S3ProxyServer.ACCESS_KEY, "    secret_access_key: \"{{ env.TEST_S3_SECRET }}\"",
                "    cache_dir: " + cacheDir);
        Path copy = fx.project.resolve("defs-" + cacheDir + ".yaml");
        Files.copy(fx.defs, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    @Test
    void podsShareTheS3StateAndAPodKeepsItsGraphWhileS3IsDown() throws Exception {
        CliFixture fx = new CliFixture(dir);
        Map<String, String> env = Map.of("TEST_S3_SECRET", s3.secretKey());
        Pod refresher = new Pod(s3Defs(fx, "cache-a"), env);
        String version = refresher.component.refresh().version().orElseThrow();
        Definitions first = refresher.component.definitions();
        assertThat(first.stateVersion()).contains(version);
        assertThat(first.assets()).isNotEmpty();
        assertThat(refresher.component.stateLocation()).startsWith("s3://rocky-pods/pods/prod");

        Pod fresh = new Pod(s3Defs(fx, "cache-b"), env);
        Definitions second = fresh.component.definitions();
        assertThat(second.stateVersion()).contains(version);
        assertThat(second.assets()).isEqualTo(first.assets());
        assertThat(fresh.component.versions()).singleElement().satisfies(v -> assertThat(v.latest()).isTrue());

        s3.stop();
        try {
            Definitions whileDown = fresh.component.definitions();
            assertThat(whileDown.assets()).isEqualTo(first.assets());
            assertThat(whileDown.stateVersion()).contains(version);
            assertThat(fresh.warnings).anySatisfy(w -> assertThat(w).contains("s3://rocky-pods/pods/prod")
                    .contains("Connection refused").contains("cached copy of version " + version));

            Pod cold = new Pod(s3Defs(fx, "cache-c"), env);
            assertThatThrownBy(cold.component::definitions).isInstanceOfSatisfying(StateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO);
                assertThat(e.getMessage()).contains("no cached copy").doesNotContain(s3.secretKey());
            });
            assertThatThrownBy(refresher.component::refresh).isInstanceOf(StateException.class)
                    .hasMessageNotContaining(s3.secretKey());
        } finally {
            s3.start();
        }
        assertThat(fresh.warnings).allSatisfy(w -> assertThat(w).doesNotContain(s3.secretKey()));
        assertThat(refresher.component.versions()).hasSize(1);
    }

    @Test
    void theCliRefreshesListsAndLoadsAValkeyStateWithoutShowingThePassword() throws Exception {
        try (RedisServer valkey = RedisServer.startOrSkip(dir.resolve("valkey"), Optional.of(PASSWORD))) {
            CliFixture fx = new CliFixture(dir);
            fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: prod",
                    "  storage: {type: valkey, host: 127.0.0.1, port: " + valkey.port() + ", password: " + PASSWORD
                            + ", version_ttl_seconds: 3600}");
            CliFixture.Run refresh = fx.cli("refresh");
            assertThat(refresh.exitCode()).as(refresh.err()).isZero();
            assertThat(refresh.out()).contains("valkey://127.0.0.1:" + valkey.port() + "/0 rocky-defs-state:prod");
            CliFixture.Run defs = fx.cli("defs");
            assertThat(defs.exitCode()).isZero();
            assertThat(defs.out()).contains("duckdb/orders/orders");
            assertThat(fx.cli("refresh").exitCode()).isZero();
            CliFixture.Run versions = fx.cli("state", "versions");
            assertThat(versions.out().lines().filter(l -> l.matches("[* ] [0-9a-f-]{36}.*"))).hasSize(2);

            fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: prod",
                    "  storage: {type: valkey, host: 127.0.0.1, port: " + valkey.port() + ", password: wrong-" + PASSWORD + "}");
            CliFixture.Run wrong = fx.cli("state", "versions");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.errLines()).singleElement().asString().contains("[STATE_ACCESS_DENIED]").contains("WRONGPASS")
                    .doesNotContain(PASSWORD);
            for (CliFixture.Run run : List.of(refresh, defs, versions, wrong)) {
                assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void thePushHookCopiesEveryLocalStateToValkey() throws Exception {
        try (RedisServer valkey = RedisServer.startOrSkip(dir.resolve("valkey"), Optional.empty())) {
            CliFixture fx = new CliFixture(dir);
            fx.defs("binary_path: bin/rocky", "post_state_write_hook:",
                    "  push_to: {type: valkey, host: 127.0.0.1, port: " + valkey.port() + ", prefix: pushed}", "  keep_versions: 3");
            assertThat(fx.cli("refresh").exitCode()).isZero();
            byte[] local = Files.readAllBytes(fx.stateFile());
            try (ValkeyVersionStorage pushed = new ValkeyVersionStorage(ValkeySettings.of("127.0.0.1", valkey.port())
                    .withPrefix("pushed"), "RockyComponent[rocky.toml]")) {
                VersionStorage storage = pushed;
                String latest = storage.pointer().orElseThrow().version();
                assertThat(storage.get(latest)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(local));
            }
            assertThat(fx.project.resolve(".defs_state_cache")).as("a push target keeps no local cache").doesNotExist();

            valkey.stop();
            CliFixture.Run down = fx.cli("refresh");
            assertThat(down.exitCode()).as("a failed push does not fail the refresh, but it is partial").isEqualTo(3);
            assertThat(down.err()).contains("rocky-component: warning:").contains("post-state-write hook failed")
                    .contains("valkey://127.0.0.1:" + valkey.port());
            assertThat(Files.readAllBytes(fx.stateFile())).as("the local state is written").isNotEmpty();
        }
    }
}
