package dev.rocky.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.json.RockyJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * GETs a JSON document from a running {@code rocky serve} ({@code server_url}), as the SDK's
 * {@code _http_get} (rocky_sdk/client.py): {@code /api/v1/compile},
 * {@code /api/v1/models/<model>/lineage}, {@code /api/v1/models/<model>/metrics}. A 2xx body is the
 * same document the CLI prints. Any other status carries the engine's {@code ErrorEnvelope}
 * (schema {@code error_envelope.schema.json}: {@code code}, {@code message},
 * {@code remediation_hint}, {@code running_job_id}), which becomes the exception's message.
 * Thread-safe.
 */
public final class RockyServeClient {

    /** The most a read-only call waits, as the SDK's {@code DEFAULT_HTTP_TIMEOUT_SECONDS}: 30 s. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    /** The most of a response body read: 256 MiB, the process path's default stdout cap. */
    private static final long MAX_BODY = RockyCliSettings.DEFAULT_STDOUT_CAP_BYTES;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base {@code server_url}, e.g. {@code http://localhost:8080}
     * @param timeout the budget of one request (connect and response)
     */
    public RockyServeClient(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param commandTimeout {@code timeout_seconds}
     * @return the request budget: {@code timeout_seconds}, at most {@link #MAX_TIMEOUT}
     */
    public static Duration timeoutFor(Duration commandTimeout) {
        return commandTimeout.compareTo(MAX_TIMEOUT) < 0 ? commandTimeout : MAX_TIMEOUT;
    }

    /**
     * @param value a model name
     * @return it as one URL path segment
     */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * @param command the command this stands for, for messages
     * @param path the API path, starting with {@code /}
     * @return the 2xx response body
     * @throws RockyTimeoutException ({@code TIMEOUT}) when no answer came within the budget
     * @throws RockyException {@code SERVER_ERROR} for a non-2xx answer (with the envelope's code,
     *     message and hint) or a server that cannot be reached
     */
    public byte[] get(String command, String path) {
        URI uri = URI.create(stripSlash(base.toString()) + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RockyTimeoutException(command, timeout, "rocky serve at " + base + " did not answer GET " + path + " within "
                    + timeout.toMillis() + " ms; check that it is up and not busy, or remove server_url to run the binary");
        } catch (IOException e) {
            throw new RockyException(ErrorCode.SERVER_ERROR, "cannot reach rocky serve at " + base + " for " + command + " (" + e
                    + "); start `rocky serve`, fix server_url, or remove it to run the binary");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RockyException(ErrorCode.SERVER_ERROR, "interrupted while waiting for rocky serve at " + base);
        }
        byte[] body = response.body();
        if (body.length > MAX_BODY) {
            throw new RockyException(ErrorCode.OUTPUT_TOO_LARGE, "rocky serve answered GET " + path + " with more than " + MAX_BODY
                    + " bytes");
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return body;
        }
        throw new RockyException(ErrorCode.SERVER_ERROR, "rocky serve at " + base + " answered GET " + path + " with HTTP " + status
                + ": " + envelope(body));
    }

    /** The envelope's code, message, hint and running job, or the body's start when it is not one. */
    private static String envelope(byte[] body) {
        try {
            JsonNode e = RockyJson.mapper().readTree(body);
            if (e != null && e.path("code").isTextual() && e.path("message").isTextual()) {
                return e.path("code").asText() + ": " + e.path("message").asText()
                        + (e.path("remediation_hint").isTextual() ? " (" + e.path("remediation_hint").asText() + ")" : "")
                        + (e.path("running_job_id").isTextual() ? " [running job " + e.path("running_job_id").asText() + "]" : "");
            }
        } catch (IOException | RuntimeException e) {
            // not an envelope: say what came
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ");
        return "not the engine's error envelope: '" + text + (body.length > 200 ? "…" : "") + "'";
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
