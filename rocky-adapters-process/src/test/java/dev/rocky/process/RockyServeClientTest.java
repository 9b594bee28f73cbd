package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.port.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server_url}: compile, lineage and metrics over HTTP against a loopback server that answers
 * as {@code rocky serve} does (the SDK's routes, rocky_sdk/client.py), with the recordings of the
 * real rocky 1.71.0 as bodies; an error answer carries the engine's {@code ErrorEnvelope}
 * (error_envelope.schema.json); a server that does not answer in time is a timeout. No process runs.
 */
class RockyServeClientTest {

    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final CommandRunner noProcess = new CommandRunner() {
        @Override
        public CommandResult run(CommandRequest request, java.util.function.Consumer<String> stderrLines) {
            throw new AssertionError("no process may run when server_url answers: " + request.argv());
        }
    };

    @BeforeEach
    void startTheServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, String> bodies = Map.of("/api/v1/compile", "fixtures/compile.json",
                "/api/v1/models/revenue_summary/lineage", "fixtures/lineage.json",
                "/api/v1/models/revenue_summary/metrics", "fixtures/metrics.json");
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            paths.add(path);
            int status;
            byte[] body;
            if (bodies.containsKey(path)) {
                status = 200;
                body = RockyContract.read(bodies.get(path)).getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/slow/metrics")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/api/v1/models/busy")) {
                status = 409;
                body = "{\"code\":\"mutation_in_progress\",\"message\":\"a run holds the mutation permit\",\"remediation_hint\":\"retry after it\",\"running_job_id\":\"job-7\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/api/v1/models/")) {
                status = 404;
                body = "{\"code\":\"model_not_found\",\"message\":\"model 'nope' not found\",\"remediation_hint\":null}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 500;
                body = "<html>oops</html>".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopTheServer() {
        server.stop(0);
    }

    private ProcessRockyCli cli(Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        RockyCliSettings settings = new RockyCliSettings("/opt/rocky", Path.of("/proj"), "rocky.toml", ".rocky-state.redb",
                Optional.empty(), timeout, RockyCliSettings.DEFAULT_STDOUT_CAP_BYTES, Optional.of(url));
        return new ProcessRockyCli(settings, noProcess, (LogSink) (level, message) -> { });
    }

    @Test
    void compileLineageAndMetricsComeFromTheServerAsTheSameTypedResults() {
        ProcessRockyCli cli = cli(Duration.ofSeconds(10));

        CompileResult compiled = cli.compile("models", Optional.of("contracts")).value();
        assertThat(compiled.models()).isNotEmpty();
        assertThat(cli.lineage("revenue_summary", "models").value().model()).isEqualTo("revenue_summary");
        assertThat(cli.metrics("revenue_summary", false, Optional.empty(), false).value().model()).isEqualTo("revenue_summary");
        assertThat(paths).containsExactly("/api/v1/compile", "/api/v1/models/revenue_summary/lineage",
                "/api/v1/models/revenue_summary/metrics");
    }

    @Test
    void anErrorAnswerCarriesTheEnvelopesCodeMessageAndHint() {
        ProcessRockyCli cli = cli(Duration.ofSeconds(10));

        assertThatThrownBy(() -> cli.lineage("nope", "models")).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_ERROR))
                .hasMessageContaining("HTTP 404: model_not_found: model 'nope' not found");
        assertThatThrownBy(() -> cli.metrics("busy", false, Optional.empty(), false))
                .hasMessageContaining("HTTP 409: mutation_in_progress: a run holds the mutation permit (retry after it) [running job job-7]");
        server.removeContext("/");
        server.createContext("/", exchange -> {
            byte[] body = "<html>oops</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        assertThatThrownBy(() -> cli.compile("models")).hasMessageContaining("HTTP 502: not the engine's error envelope: '<html>oops</html>'");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATimeout() {
        ProcessRockyCli cli = cli(Duration.ofMillis(500));

        assertThatThrownBy(() -> cli.metrics("slow", false, Optional.empty(), false)).isInstanceOf(RockyTimeoutException.class)
                .hasMessageContaining("did not answer GET /api/v1/models/slow/metrics within 500 ms");
    }

    @Test
    void anUnreachableServerSaysSoAndTheCliOnlyFlagsAreRefused() {
        ProcessRockyCli cli = cli(Duration.ofSeconds(5));
        server.stop(0);

        assertThatThrownBy(() -> cli.compile("models")).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_ERROR)).hasMessageContaining("cannot reach rocky serve at");
        assertThatThrownBy(() -> cli.metrics("m", true, Optional.empty(), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not served by rocky serve");
        assertThat(RockyServeClient.timeoutFor(Duration.ofHours(1))).isEqualTo(RockyServeClient.MAX_TIMEOUT);
        assertThat(RockyServeClient.segment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
