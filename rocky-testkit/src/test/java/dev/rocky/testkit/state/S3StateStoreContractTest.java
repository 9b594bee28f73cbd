package dev.rocky.testkit.state;

import dev.rocky.core.port.VersionStorage;
import dev.rocky.state.remote.S3Settings;
import dev.rocky.state.remote.S3VersionStorage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The versioned-store contract on a real S3-compatible server (s3proxy, filesystem backend) on loopback. */
class S3StateStoreContractTest extends VersionedStateStoreContract {

    @TempDir
    static Path blobs;

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(blobs, "rocky-state");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static S3Settings settings(URI endpoint, String bucket, String secret) {
        return new S3Settings(bucket, "pods/prod", Optional.of(endpoint), "us-east-1", true,
                Optional.of(new S3Settings.Credentials(S3ProxyServer.ACCESS_KEY, secret, Optional.empty())),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Override
    protected VersionStorage openStorage(String stateKey) {
        return new S3VersionStorage(settings(server.endpoint(), server.bucket(), server.secretKey()), stateKey);
    }

    @Override
    protected void stopBackend() throws Exception {
        server.stop();
    }

    @Override
    protected void startBackend() throws Exception {
        server.start();
    }

    @Override
    protected Class<? extends VersionStorageFactory> factory() {
        return Factory.class;
    }

    @Override
    protected Map<String, String> factorySettings() {
        return Map.of("endpoint", server.endpoint().toString(), "bucket", server.bucket(), "secret", server.secretKey());
    }

    /** Opens the bucket in the racing child process. */
    public static final class Factory implements VersionStorageFactory {
        @Override
        public VersionStorage open(String key, Map<String, String> s) {
            return new S3VersionStorage(settings(URI.create(s.get("endpoint")), s.get("bucket"), s.get("secret")), key);
        }
    }
}
