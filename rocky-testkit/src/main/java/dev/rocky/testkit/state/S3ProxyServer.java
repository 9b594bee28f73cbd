package dev.rocky.testkit.state;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.PutOptions2;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * A real S3-compatible HTTP server on 127.0.0.1 for tests of the S3 state store: s3proxy
 * ({@code org.gaul:s3proxy}, an optional dependency of the testkit; add it to your test class path)
 * with its filesystem backend under a directory, AWS signature v2/v4 authentication with a fixed
 * access key and a random secret, and one bucket. {@link #stop()} and {@link #start()} take it down
 * and up again on the same port with the same objects.
 *
 * <p>s3proxy evaluates {@code If-Match} and {@code If-None-Match} on {@code PutObject} by reading the
 * object's metadata and then writing, without holding anything between the two, so two racing
 * conditional writes can both pass. S3 itself decides them atomically; this fixture restores that by
 * re-checking the condition and writing under one lock in its blob store.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The access key id clients sign with. */
    public static final String ACCESS_KEY = "rocky-test";

    private final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final BlobStore blobStore;
    private final String bucket;
    private final int port;
    private S3Proxy proxy;

    private S3ProxyServer(Path dir, String bucket, int port) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        this.context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        this.blobStore = new AtomicConditionalPuts(context.getBlobStore());
        this.bucket = bucket;
        this.port = port;
    }

    /**
     * Starts a server with one empty bucket.
     *
     * @param dir where the objects are kept; created when absent
     * @param bucket the bucket to create (3–63 lowercase characters)
     * @return the running server
     * @throws Exception when it cannot start
     */
    public static S3ProxyServer start(Path dir, String bucket) throws Exception {
        Files.createDirectories(dir);
        S3ProxyServer server = new S3ProxyServer(dir, bucket, RedisServer.freePort());
        server.start();
        server.blobStore.createContainerInLocation(null, bucket);
        return server;
    }

    /**
     * (Re)starts serving on the same port.
     *
     * @throws Exception when Jetty cannot start
     */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        S3Proxy next = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey).build();
        next.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(next.getState())) {
            if (System.nanoTime() > deadline) {
                next.stop();
                throw new IllegalStateException("s3proxy did not start on port " + port + " within 10 s (state " + next.getState() + ")");
            }
            Thread.sleep(10);
        }
        proxy = next;
    }

    /**
     * Stops serving; clients then fail to connect. The objects stay.
     *
     * @throws Exception when Jetty cannot stop
     */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the bucket created at start */
    public String bucket() {
        return bucket;
    }

    /** @return the secret access key matching {@link #ACCESS_KEY} */
    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }

    /** Decides conditional puts and performs them under one lock, as S3 does atomically. */
    private static final class AtomicConditionalPuts extends ForwardingBlobStore {

        private final Object lock = new Object();

        AtomicConditionalPuts(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            if (!(options instanceof PutOptions2 conditional) || (conditional.getIfMatch() == null && conditional.getIfNoneMatch() == null)) {
                return delegate().putBlob(container, blob, options);
            }
            synchronized (lock) {
                BlobMetadata current = delegate().blobMetadata(container, blob.getMetadata().getName());
                String etag = current == null ? null : unquote(current.getETag());
                String ifMatch = conditional.getIfMatch();
                String ifNoneMatch = conditional.getIfNoneMatch();
                boolean failed = (ifMatch != null && (etag == null || !(ifMatch.equals("*") || unquote(ifMatch).equals(etag))))
                        || (ifNoneMatch != null && etag != null && (ifNoneMatch.equals("*") || unquote(ifNoneMatch).equals(etag)));
                if (failed) {
                    throw new HttpResponseException("precondition failed", null,
                            HttpResponse.builder().statusCode(412).message("Precondition Failed").build());
                }
                return delegate().putBlob(container, blob, options);
            }
        }

        @Override
        public String putBlob(String container, Blob blob) {
            return putBlob(container, blob, PutOptions.NONE);
        }

        private static String unquote(String etag) {
            return etag == null ? null : etag.replace("\"", "");
        }
    }
}
