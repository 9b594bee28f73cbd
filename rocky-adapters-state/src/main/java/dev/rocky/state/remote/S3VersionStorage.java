package dev.rocky.state.remote;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.state.LocalFilesystemStateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link VersionStorage} on S3 or an S3-compatible server, with S3's conditional writes:
 *
 * <ul>
 *   <li>version {@code V} is the object {@code <prefix>/<key>/<V>}, written with {@code If-None-Match:
 *       *} so it is created once and never replaced;</li>
 *   <li>the pointer is the object {@code <prefix>/<key>/LATEST} ({@code <version>\n<nonce>\n}); its
 *       ETag is the compare-and-set tag. The first pointer is written with {@code If-None-Match: *},
 *       each move with {@code If-Match: <etag>}; S3 answers 412 (or 409 for a conflicting concurrent
 *       write) when another writer moved it first. Because a refused or failed request can hide a
 *       retried attempt that landed, every such outcome is settled by reading the pointer back: its
 *       body carries this move's nonce, so the move won exactly when the body is this move's.</li>
 * </ul>
 *
 * <p>The client is the AWS SDK v2 over {@code java.net.HttpURLConnection} (the url-connection client),
 * with checksums only where S3 requires them (S3-compatible servers vary) and two attempts per call
 * within {@link S3Settings#requestTimeout()}. Credentials come from {@link S3Settings#credentials()}
 * or the standard AWS chain and never appear in messages. Thread-safe; {@link #close()} releases the
 * client.
 */
public final class S3VersionStorage implements VersionStorage, AutoCloseable {

    private static final String POINTER = "LATEST";

    private final S3Settings settings;
    private final S3Client s3;
    private final String base;
    private final String location;

    /**
     * @param settings the bucket, endpoint and credentials
     * @param key the state key, sanitised with {@link LocalFilesystemStateStore#sanitize(String)}
     */
    public S3VersionStorage(S3Settings settings, String key) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        String safeKey = LocalFilesystemStateStore.sanitize(key);
        this.base = (settings.prefix().isEmpty() ? "" : settings.prefix() + "/") + safeKey + "/";
        this.location = "s3://" + settings.bucket() + "/" + base.substring(0, base.length() - 1)
                + settings.endpoint().map(e -> " at " + e).orElse("");
        this.s3 = client(settings);
    }

    private static S3Client client(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(c.sessionToken().isPresent()
                        ? AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken().get())
                        : AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.requestTimeout())
                        .build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.requestTimeout()).retryStrategy(r -> r.maxAttempts(2)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** @return the settings this storage was made with */
    public S3Settings settings() {
        return settings;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String location(String version) {
        return "s3://" + settings.bucket() + "/" + base + version;
    }

    @Override
    public void create(String version, byte[] content) {
        requireId(version);
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(base + version).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new StateException(ErrorCode.STATE_IO, "state version " + location(version)
                        + " already exists; version ids must be new", e);
            }
            throw failure("write state version " + location(version), e);
        } catch (SdkException e) {
            throw failure("write state version " + location(version), e);
        }
    }

    @Override
    public Optional<byte[]> get(String version) {
        if (!VersionIds.isVersionId(version)) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(base + version)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read state version " + location(version), e);
        } catch (SdkException e) {
            throw failure("read state version " + location(version), e);
        }
    }

    @Override
    public List<StateVersion> list() {
        List<StateVersion> out = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(base).build();
            for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
                String name = o.key().substring(base.length());
                if (VersionIds.isVersionId(name)) {
                    out.add(new StateVersion(name, VersionIds.writtenAt(name).orElse(o.lastModified()), o.size(), false));
                }
            }
        } catch (SdkException e) {
            throw failure("list state versions in " + location, e);
        }
        return out;
    }

    @Override
    public void delete(String version) {
        requireId(version);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(base + version));
        } catch (SdkException e) {
            throw failure("delete state version " + location(version), e);
        }
    }

    @Override
    public Optional<VersionPointer> pointer() {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(base + POINTER));
            String version = bytes.asString(StandardCharsets.US_ASCII).lines().findFirst().orElse("").strip();
            return version.isEmpty() ? Optional.empty() : Optional.of(new VersionPointer(version, bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read the latest pointer " + location + "/" + POINTER, e);
        } catch (SdkException e) {
            throw failure("read the latest pointer " + location + "/" + POINTER, e);
        }
    }

    @Override
    public boolean movePointer(Optional<VersionPointer> expected, String version) {
        requireId(version);
        byte[] body = (version + "\n" + UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            s3.putObject(b -> {
                b.bucket(settings.bucket()).key(base + POINTER).contentType("text/plain");
                if (expected.isPresent()) {
                    b.ifMatch(expected.get().tag());
                } else {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromBytes(body));
            return true;
        } catch (S3Exception e) {
            int status = e.statusCode();
            // 412/409 (and 404 for a pointer deleted under us) usually mean another writer won, but the
            // SDK retries, so the first attempt may have landed before the retry was refused: read back.
            if (status == 412 || status == 409 || (status == 404 && expected.isPresent()) || status >= 500) {
                return movedHere(body, version, e);
            }
            throw failure("move the latest pointer " + location + "/" + POINTER + " to " + version, e);
        } catch (SdkException e) {
            // The outcome is unknown: a server may answer 412 and close while the body is still being
            // sent, or the reply may be lost. The pointer's body carries this move's nonce, so reading
            // it back tells whether this move is the one that landed.
            return movedHere(body, version, e);
        }
    }

    private boolean movedHere(byte[] body, String version, SdkException original) {
        try {
            byte[] now = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(base + POINTER)).asByteArray();
            return Arrays.equals(now, body);
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("move the latest pointer " + location + "/" + POINTER + " to " + version, original);
        }
    }

    private static StateException failure(String what, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? "HTTP " + s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode()
                : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        if (e instanceof S3Exception s3e && (s3e.statusCode() == 401 || s3e.statusCode() == 403)) {
            // Wrong keys or no permission: not an outage, so never answered from the pod's cache.
            return new StateException(ErrorCode.STATE_ACCESS_DENIED, "cannot " + what + ": the S3 endpoint refused the "
                    + "credentials (" + detail + "); check the access key, secret and the bucket's policy", e);
        }
        return new StateException(ErrorCode.STATE_IO, "cannot " + what + " (" + detail
                + "); check the endpoint, the bucket and the credentials", e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void requireId(String version) {
        if (!VersionIds.isVersionId(version)) {
            throw new IllegalArgumentException("not a version id: " + version);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3VersionStorage[" + location + "]";
    }
}
