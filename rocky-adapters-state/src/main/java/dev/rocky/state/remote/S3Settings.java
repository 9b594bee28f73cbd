package dev.rocky.state.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how an {@link S3VersionStorage} reaches its bucket ({@code defs_state.storage} with
 * {@code type: s3} in defs.yaml).
 *
 * @param bucket the bucket name
 * @param prefix the key prefix, without a trailing slash ({@code ""} for the bucket root)
 * @param endpoint an S3-compatible endpoint (MinIO, s3proxy, a VPC endpoint), or empty for AWS's own
 * @param region the signing region, e.g. {@code us-east-1}
 * @param pathStyleAccess whether to address the bucket in the path ({@code http://host/bucket/key})
 *     rather than the host name; most S3-compatible servers need it
 * @param credentials a static access key, or empty for the standard AWS credential chain
 *     (environment, system properties, profile files, web identity, container and instance roles)
 * @param connectTimeout the TCP connect timeout
 * @param requestTimeout the whole budget of one call, retries included
 */
public record S3Settings(String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyleAccess,
        Optional<Credentials> credentials, Duration connectTimeout, Duration requestTimeout) {

    /** Default {@link #connectTimeout()}: 2 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@link #requestTimeout()}: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Rejects {@code null} parts, a blank bucket or region, and a prefix with a trailing slash. */
    public S3Settings {
        Objects.requireNonNull(bucket, "bucket is null");
        Objects.requireNonNull(prefix, "prefix is null");
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(region, "region is null");
        Objects.requireNonNull(credentials, "credentials is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(requestTimeout, "requestTimeout is null");
        if (bucket.isBlank() || region.isBlank()) {
            throw new IllegalArgumentException("bucket and region must not be blank");
        }
        if (prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start or end with '/': " + prefix);
        }
    }

    /**
     * @param bucket the bucket name
     * @param prefix the key prefix
     * @param endpoint the endpoint, or null for AWS
     * @param region the region
     * @return settings with path-style access when an endpoint is given, the credential chain and the
     *     default timeouts
     */
    public static S3Settings of(String bucket, String prefix, URI endpoint, String region) {
        return new S3Settings(bucket, prefix, Optional.ofNullable(endpoint), region, endpoint != null, Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param credentials a static access key
     * @return these settings with that key instead of the credential chain
     */
    public S3Settings withCredentials(Credentials credentials) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyleAccess, Optional.of(credentials), connectTimeout,
                requestTimeout);
    }

    /** @return {@code s3://bucket/prefix}, for messages */
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + endpoint.map(e -> " at " + e).orElse("");
    }

    @Override
    public String toString() {
        return "S3Settings[" + describe() + ", region " + region + ", path-style " + pathStyleAccess + ", credentials "
                + credentials.map(c -> "static key " + c.accessKeyId()).orElse("from the AWS chain") + "]";
    }

    /**
     * A static access key. Its {@link #toString()} never shows the secret or the session token.
     *
     * @param accessKeyId the access key id (not secret; shown in messages)
     * @param secretAccessKey the secret access key
     * @param sessionToken a session token for temporary credentials, or empty
     */
    public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

        /** Rejects {@code null} or blank parts. */
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId is null");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey is null");
            Objects.requireNonNull(sessionToken, "sessionToken is null");
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("access key id and secret must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret ***" + sessionToken.map(t -> ", session token ***").orElse("") + "]";
        }
    }
}
