package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.InflaterInputStream;

/**
 * The fake rocky's Dagster Pipes emitter, as the engine's {@code rocky-cli/src/pipes.rs} behaves:
 * when {@code DAGSTER_PIPES_CONTEXT} is set for {@code run} or {@code apply}, both bootstrap
 * variables are decoded ({@code base64(zlib(json))}, no other form), the channel ({@code {"path"}}
 * appended, or {@code {"stdio": "stderr"}}) is opened, and the run document's outcome is written
 * as JSON lines: {@code opened}; a {@code log} that the run starts; one
 * {@code report_asset_materialization} per materialization (the engine key slash-joined, metadata
 * {@code strategy}, {@code duration_ms}, {@code rows_copied}, {@code target_table_full_name},
 * {@code watermark}, {@code sql_hash}, {@code partition_key} each wrapped {@code {"raw_value",
 * "type": "__infer__"}}, as the engine's recorded wire has them);
 * one {@code report_asset_check} per check result (name mapped onto {@code [A-Za-z0-9_]},
 * severity {@code ERROR}/{@code WARN}); a {@code log} at {@code WARN} per drift action; a
 * completion {@code log}; {@code closed}. Each line is flushed. A bootstrap that does not decode is
 * the engine's one-line error and exit 1 before anything runs.
 */
final class FakePipes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the emitter decided: go on (messages written, or not under Pipes), or stop with this exit code. */
    record Outcome(Optional<Integer> exitNow) {
    }

    private FakePipes() {
    }

    /**
     * @param env the process environment
     * @param subcommand rocky's subcommand ({@code run}, {@code apply}, …)
     * @param stdout the run document the process is about to print
     * @param fault the scenario's fault for the subcommand
     * @param err the process's stderr
     * @return whether to go on
     */
    static Outcome emit(Map<String, String> env, String subcommand, byte[] stdout, Optional<Fault> fault, PrintStream err) {
        String rawContext = env.get("DAGSTER_PIPES_CONTEXT");
        if (rawContext == null || !(subcommand.equals("run") || subcommand.equals("apply"))) {
            return new Outcome(Optional.empty());
        }
        JsonNode messages;
        try {
            decode(rawContext, "DAGSTER_PIPES_CONTEXT");
            String rawMessages = env.get("DAGSTER_PIPES_MESSAGES");
            if (rawMessages == null) {
                throw new IllegalArgumentException("DAGSTER_PIPES_CONTEXT is set but DAGSTER_PIPES_MESSAGES is missing");
            }
            messages = decode(rawMessages, "DAGSTER_PIPES_MESSAGES");
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return new Outcome(Optional.of(1));
        }
        try (OutputStream channel = open(messages, err)) {
            List<ObjectNode> lines = lines(stdout);
            boolean crash = fault.filter(f -> f instanceof Fault.PipesCrash).isPresent();
            boolean noise = fault.filter(f -> f instanceof Fault.PipesNoise).isPresent();
            for (int i = 0; i < lines.size(); i++) {
                write(channel, JSON.writeValueAsString(lines.get(i)));
                if (noise && i == 1) {
                    write(channel, "{\"__dagster_pipes_version\": \"0.1\", \"method\": \"report_asset_mat");
                    write(channel, JSON.writeValueAsString(envelope("report_asset_observation", JSON.createObjectNode()
                            .put("asset_key", "x/y"))));
                }
                if (crash && i == 2) {
                    // opened, the start log and the first report are out; the process dies here
                    channel.write("{\"__dagster_pipes_version\": \"0.1\", \"method\": \"log\", \"par".getBytes(StandardCharsets.UTF_8));
                    channel.flush();
                    return new Outcome(Optional.of(137));
                }
            }
        } catch (IOException e) {
            err.println("Error: DAGSTER_PIPES_MESSAGES channel cannot be written: " + e.getMessage());
            return new Outcome(Optional.of(1));
        }
        return new Outcome(Optional.empty());
    }

    private static JsonNode decode(String raw, String name) {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " cannot be base64-decoded");
        }
        byte[] json;
        try (InflaterInputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(compressed))) {
            json = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " cannot be zlib-decompressed");
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " cannot be JSON-decoded");
        }
    }

    private static OutputStream open(JsonNode params, PrintStream err) throws IOException {
        if (params.path("path").isTextual()) {
            return Files.newOutputStream(Path.of(params.path("path").asText()), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (params.path("stdio").asText("").equals("stderr")) {
            return new java.io.FilterOutputStream(err) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        throw new IOException("DAGSTER_PIPES_MESSAGES has unsupported channel shape: expected a string 'path' or 'stdio' key");
    }

    private static void write(OutputStream channel, String line) throws IOException {
        channel.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        channel.flush();
    }

    private static ObjectNode envelope(String method, JsonNode params) {
        ObjectNode m = JSON.createObjectNode();
        m.put("__dagster_pipes_version", "0.1");
        m.put("method", method);
        m.set("params", params);
        return m;
    }

    private static ObjectNode log(String level, String message) {
        return envelope("log", JSON.createObjectNode().put("message", message).put("level", level));
    }

    /** The messages the engine writes for one run document, in its order. */
    private static List<ObjectNode> lines(byte[] stdout) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        out.add(envelope("opened", JSON.createObjectNode().set("extras", JSON.createObjectNode())));
        out.add(log("INFO", "rocky run starting"));
        JsonNode doc;
        try {
            doc = JSON.readTree(stdout);
        } catch (IOException e) {
            doc = null;
        }
        if (doc != null && doc.isObject()) {
            for (JsonNode m : doc.path("materializations")) {
                ObjectNode md = JSON.createObjectNode();
                md.put("strategy", m.path("metadata").path("strategy").asText("full_refresh"));
                md.set("duration_ms", m.path("duration_ms"));
                md.set("rows_copied", m.path("rows_copied").isMissingNode() ? JSON.nullNode() : m.path("rows_copied"));
                if (m.path("metadata").has("target_table_full_name")) {
                    md.set("target_table_full_name", m.path("metadata").path("target_table_full_name"));
                }
                if (m.path("metadata").has("watermark")) {
                    md.set("watermark", m.path("metadata").path("watermark"));
                }
                if (m.path("metadata").has("sql_hash")) {
                    md.set("sql_hash", m.path("metadata").path("sql_hash"));
                }
                if (m.path("partition").has("key")) {
                    md.set("partition_key", m.path("partition").path("key"));
                }
                ObjectNode params = JSON.createObjectNode();
                params.put("asset_key", key(m.path("asset_key")));
                params.set("metadata", wrap(md));
                params.putNull("data_version");
                out.add(envelope("report_asset_materialization", params));
            }
            for (JsonNode table : doc.path("check_results")) {
                for (JsonNode c : table.path("checks")) {
                    ObjectNode md = JSON.createObjectNode();
                    c.fields().forEachRemaining(f -> {
                        if (!List.of("name", "passed", "severity").contains(f.getKey())) {
                            md.set(f.getKey(), f.getValue());
                        }
                    });
                    ObjectNode params = JSON.createObjectNode();
                    params.put("asset_key", key(table.path("asset_key")));
                    params.put("check_name", dev.rocky.core.spec.AssetNames.sanitize(c.path("name").asText()));
                    params.put("passed", c.path("passed").asBoolean());
                    params.put("severity", c.path("severity").asText("error").equals("warning") ? "WARN" : "ERROR");
                    params.set("metadata", wrap(md));
                    out.add(envelope("report_asset_check", params));
                }
            }
            for (JsonNode a : doc.path("drift").path("actions_taken")) {
                out.add(log("WARN", "drift: " + a.path("action").asText() + " on " + a.path("table").asText()));
            }
            out.add(log("INFO", "rocky run completed: " + doc.path("tables_copied").asInt() + " copied, "
                    + doc.path("tables_failed").asInt() + " failed"));
        }
        out.add(envelope("closed", JSON.createObjectNode()));
        return out;
    }

    private static String key(JsonNode path) {
        List<String> parts = new ArrayList<>();
        path.forEach(p -> parts.add(p.asText().replace("\\", "\\\\").replace("/", "\\/")));
        return String.join("/", parts);
    }

    private static ObjectNode wrap(ObjectNode md) {
        ObjectNode out = JSON.createObjectNode();
        md.fields().forEachRemaining(f -> out.putObject(f.getKey()).<ObjectNode>set("raw_value", f.getValue()).put("type", "__infer__"));
        return out;
    }
}
