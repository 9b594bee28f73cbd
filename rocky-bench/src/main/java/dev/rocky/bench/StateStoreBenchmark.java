package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.core.state.WrittenState;
import dev.rocky.process.CommandRunner;
import dev.rocky.state.DirectoryVersionStorage;
import dev.rocky.state.remote.S3Settings;
import dev.rocky.state.remote.S3VersionStorage;
import dev.rocky.state.remote.ValkeySettings;
import dev.rocky.state.remote.ValkeyVersionStorage;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.ScaleProject;
import dev.rocky.testkit.state.RedisServer;
import dev.rocky.testkit.state.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write and load latency of a versioned state per backend, on loopback: a directory, S3 (s3proxy in
 * the benchmark JVM, filesystem backend) and Valkey (a {@code redis-server} process). The state is
 * what a real refresh of a {@link ScaleProject} of {@code tables} tables writes (discover, compile,
 * optimize slots).
 *
 * <ul>
 *   <li>{@code write}: one {@code VersionedStateStore.write} — create the version, move the pointer,
 *       prune to 10 versions;</li>
 *   <li>{@code read}: the pointer, then the version's bytes;</li>
 *   <li>{@code load}: {@code RockyComponent.definitions()} on that backend — read through the cache,
 *       decode, staleness check, build the asset graph.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StateStoreBenchmark {

    /** The backend. */
    @Param({"directory", "s3", "valkey"})
    public String backend;

    /** Tables in the state. */
    @Param({"10000"})
    public int tables;

    private Path work;
    private byte[] state;
    private S3ProxyServer s3;
    private RedisServer valkey;
    private VersionedDefsStateStore store;
    private RockyComponent component;

    /**
     * Refreshes a scale project once with the fake rocky, starts the backend and writes the state.
     *
     * @throws Exception when the setup fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("rocky-bench-state");
        Path project = ScaleProject.tables(tables).writeTo(work.resolve("project"));
        FakeRocky rocky = FakeRocky.forProject(project).build();
        Files.writeString(project.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: rocky\n");
        RockyComponent local = RockyComponent.builder(new DefsYamlLoader().load(project.resolve("defs.yaml"))).commandRunner(rocky).build();
        local.refresh();
        state = Files.readAllBytes(Path.of(local.stateLocation()));
        System.err.println("state of " + tables + " tables: " + state.length + " bytes");

        String storage;
        VersionStorage versions;
        String key = "bench";
        switch (backend) {
            case "directory":
                versions = new DirectoryVersionStorage(work.resolve("versions").resolve(key));
                storage = "{type: directory, path: " + work.resolve("versions") + "}";
                break;
            case "s3":
                s3 = S3ProxyServer.start(work.resolve("s3"), "rocky-bench");
                S3Settings settings = S3Settings.of(s3.bucket(), "state", s3.endpoint(), "us-east-1")
                        .withCredentials(new S3Settings.Credentials(S3ProxyServer.ACCESS_KEY, s3.secretKey(), Optional.empty()));
                versions = new S3VersionStorage(settings, key);
                storage = "{type: s3, bucket: " + s3.bucket() + ", prefix: state, endpoint: '" + s3.endpoint()
                        + "', access_key_id: " + S3ProxyServer.ACCESS_KEY + ", secret_access_key: " + s3.secretKey()
                        + ", cache_dir: " + work.resolve("cache") + "}";
                break;
            case "valkey":
                valkey = RedisServer.start(RedisServer.findBinary().orElseThrow(() -> new IllegalStateException(
                        "install redis-server to benchmark the Valkey store")), work.resolve("valkey"), Optional.empty());
                versions = new ValkeyVersionStorage(ValkeySettings.of(valkey.host(), valkey.port()), key);
                storage = "{type: valkey, host: " + valkey.host() + ", port: " + valkey.port() + ", cache_dir: " + work.resolve("cache") + "}";
                break;
            default:
                throw new IllegalArgumentException("unknown backend " + backend);
        }
        store = new VersionedStateStore(versions, 10, Clock.systemUTC(), VersionedStateStore.DEFAULT_ATTEMPTS, Duration.ZERO);
        store.write(state);
        Files.writeString(project.resolve("defs-versioned.yaml"), "type: dagster_rocky.RockyComponent\nattributes:\n"
                + "  binary_path: rocky\n  defs_state:\n    management_type: VERSIONED_STATE_STORAGE\n    key: " + key + "\n"
                + "    prune_grace_seconds: 0\n    storage: " + storage + "\n");
        component = RockyComponent.builder(new DefsYamlLoader().load(project.resolve("defs-versioned.yaml"))).commandRunner(rocky).build();
        if (component.definitions().assets().size() < tables) {
            throw new IllegalStateException("the load built fewer assets than tables");
        }
    }

    /**
     * @return the written version
     */
    @Benchmark
    public WrittenState write() {
        return store.write(state);
    }

    /**
     * @return the latest version's bytes
     */
    @Benchmark
    public StoredState read() {
        return store.read().orElseThrow();
    }

    /**
     * @return the asset graph
     */
    @Benchmark
    public Definitions load() {
        return component.definitions();
    }

    /**
     * Stops the servers and deletes the work directory.
     *
     * @throws Exception when a server cannot stop
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (valkey != null) {
            valkey.close();
        }
        ScaleFixture.deleteTree(work);
    }
}
