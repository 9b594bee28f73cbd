package dev.rocky.component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.json.PipesParams;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reports a materialization to a Dagster parent over the Dagster Pipes protocol (version 0.1),
 * when rocky-java itself runs under a Pipes client such as {@code dagster.PipesSubprocessClient}.
 * It is a {@link RunEventListener}: each event becomes one JSON line on the parent's message
 * channel as soon as rocky reports it.
 *
 * <p>The wire form (Dagster's {@code dagster_pipes} package, {@code PipesContext}): every line is
 * {@code {"__dagster_pipes_version": "0.1", "method": ..., "params": ...}}:
 * <ul>
 *   <li>{@code opened} first, {@code {"extras": {}}};</li>
 *   <li>a materialization: {@code report_asset_materialization} {@code {"asset_key": "a/b/c",
 *       "data_version": null, "metadata": {name: {"raw_value": v, "type": t}}}} with {@code t} one
 *       of {@code text}, {@code int}, {@code float}, {@code bool}, {@code null}, {@code json} (column
 *       lineage);</li>
 *   <li>a check result: {@code report_asset_check} {@code {"asset_key", "check_name", "passed",
 *       "severity": "ERROR" | "WARN", "metadata"}}, the name mapped onto {@code [A-Za-z0-9_]} as the
 *       engine does;</li>
 *   <li>an observation (Pipes has no method for one) and a failure: {@code log} {@code {"message",
 *       "level": "INFO" | "ERROR"}};</li>
 *   <li>{@code closed} last: {@code {}}, or {@code {"exception": {"message", "stack": [], "name",
 *       "cause": null, "context": null}}} when assets failed or the materialization stopped.</li>
 * </ul>
 * An asset key is Dagster's escaped user string ({@link PipesParams#assetKeyString}). When the
 * context names the step's {@code asset_keys}, events of other assets are not sent (Dagster refuses
 * a report for an asset outside the step) and one {@code log} line says how many were held back.
 *
 * <p>Channels: {@code {"path": <file>}} (appended, one line a message, flushed each) and
 * {@code {"stdio": "stderr"}}. {@code {"stdio": "stdout"}} is refused: stdout carries the CLI's own
 * output. Context: {@code {"path": <file>}} or {@code {"data": {...}}}.
 *
 * <p>Thread-safe; a write failure after the handshake is reported once to the given log and never
 * stops the materialization.
 */
public final class DagsterPipesWriter implements RunEventListener, AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer channel;
    private final boolean ownsChannel;
    private final Context context;
    private final Set<String> stepKeys;
    private final java.util.function.Consumer<String> warn;
    private int heldBack;
    private boolean closed;
    private boolean failedWrite;

    /**
     * What the parent told this step: {@code asset_keys} (escaped user strings; empty when the step
     * names none), {@code partition_key}, {@code run_id} and {@code extras}.
     *
     * @param assetKeys the step's asset keys, as parts
     * @param partitionKey the step's one partition key, when it has one
     * @param runId the Dagster run id ({@code ""} when the context has none)
     * @param extras the extras object ({@code {}} when none)
     */
    public record Context(List<AssetKey> assetKeys, Optional<String> partitionKey, String runId, JsonNode extras) {
        /** Copies the list; rejects {@code null} parts. */
        public Context {
            assetKeys = List.copyOf(assetKeys);
            Objects.requireNonNull(partitionKey, "partitionKey is null");
            Objects.requireNonNull(runId, "runId is null");
            Objects.requireNonNull(extras, "extras is null");
        }
    }

    private DagsterPipesWriter(Writer channel, boolean ownsChannel, Context context, java.util.function.Consumer<String> warn) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.context = context;
        this.warn = warn;
        Set<String> keys = new LinkedHashSet<>();
        for (AssetKey k : context.assetKeys()) {
            keys.add(PipesParams.assetKeyString(k.path()));
        }
        this.stepKeys = keys;
    }

    /**
     * Opens the channel the parent named, when there is a parent: reads {@code DAGSTER_PIPES_CONTEXT}
     * and {@code DAGSTER_PIPES_MESSAGES} from {@code environment}, loads the context, opens the
     * message channel and writes {@code opened}.
     *
     * @param environment the process environment (e.g. {@code System.getenv()})
     * @param stderr the process's standard error, the channel {@code {"stdio": "stderr"}} names
     *     (flushed per line, not closed)
     * @param warn where a later write failure is reported, once
     * @return the writer; empty when {@code DAGSTER_PIPES_CONTEXT} is not set (not under Pipes)
     * @throws RockyException {@code PIPES_PROTOCOL} when a variable does not decode, the messages
     *     variable is missing, the context file cannot be read, the channel is unsupported or cannot
     *     be opened; before anything runs
     */
    public static Optional<DagsterPipesWriter> open(Map<String, String> environment, Writer stderr,
            java.util.function.Consumer<String> warn) {
        String rawContext = environment.get(PipesParams.CONTEXT_ENV);
        if (rawContext == null) {
            return Optional.empty();
        }
        // 1. Decode both bootstrap parameters.
        JsonNode contextParams = PipesParams.decode(rawContext, PipesParams.CONTEXT_ENV);
        String rawMessages = environment.get(PipesParams.MESSAGES_ENV);
        if (rawMessages == null) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.CONTEXT_ENV + " is set but " + PipesParams.MESSAGES_ENV
                    + " is missing; a Pipes client sets both");
        }
        JsonNode messageParams = PipesParams.decode(rawMessages, PipesParams.MESSAGES_ENV);
        // 2. Load the context.
        Context context = context(contextParams);
        // 3. Open the channel and say hello.
        DagsterPipesWriter writer;
        if (messageParams.path("path").isTextual()) {
            Path file = Path.of(messageParams.path("path").asText());
            try {
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
                writer = new DagsterPipesWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true, context, warn);
            } catch (IOException e) {
                throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.MESSAGES_ENV + " path channel " + file
                        + " cannot be opened: " + e.getMessage(), e);
            }
        } else if (messageParams.path("stdio").isTextual()) {
            String stream = messageParams.path("stdio").asText();
            if (!stream.equals("stderr")) {
                throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.MESSAGES_ENV + " stdio '" + stream
                        + "' is unsupported: stdout carries rocky-component's own output; use a file channel or stderr");
            }
            writer = new DagsterPipesWriter(stderr, false, context, warn);
        } else {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.MESSAGES_ENV
                    + " has an unsupported channel shape: expected a string 'path' or 'stdio' key (keys: "
                    + String.join(", ", iterable(messageParams.fieldNames())) + ")");
        }
        writer.handshake();
        return Optional.of(writer);
    }

    /**
     * A writer on a channel the caller opened (tests, embedding hosts with their own transport);
     * writes {@code opened}.
     *
     * @param channel where the JSON lines go; flushed per line, not closed
     * @param context the step's context
     * @param warn where a write failure is reported, once
     * @return the writer
     */
    public static DagsterPipesWriter on(Writer channel, Context context, java.util.function.Consumer<String> warn) {
        DagsterPipesWriter w = new DagsterPipesWriter(channel, false, context, warn);
        w.handshake();
        return w;
    }

    /** @return what the parent told this step */
    public Context context() {
        return context;
    }

    private static Context context(JsonNode params) {
        JsonNode data;
        if (params.has("path")) {
            if (!params.path("path").isTextual()) {
                throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.CONTEXT_ENV + " 'path' is not a string");
            }
            Path file = Path.of(params.path("path").asText());
            try {
                data = JSON.readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.CONTEXT_ENV + " context file " + file
                        + " cannot be read as JSON: " + e.getMessage(), e);
            }
        } else if (params.path("data").isObject()) {
            data = params.path("data");
        } else {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.CONTEXT_ENV
                    + " has an unsupported shape: expected a 'path' or 'data' key");
        }
        List<AssetKey> keys = new ArrayList<>();
        for (JsonNode k : data.path("asset_keys")) {
            List<String> path = PipesParams.assetKeyPath(k.asText());
            if (path.isEmpty()) {
                throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.CONTEXT_ENV + " names an empty asset key");
            }
            keys.add(new AssetKey(path));
        }
        JsonNode pk = data.path("partition_key");
        return new Context(keys, pk.isTextual() ? Optional.of(pk.asText()) : Optional.empty(), data.path("run_id").asText(""),
                data.path("extras").isObject() ? data.path("extras") : JSON.createObjectNode());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private void handshake() {
        try {
            writeLine("opened", g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("extras");
                g.writeEndObject();
                g.writeEndObject();
            });
        } catch (IOException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, PipesParams.MESSAGES_ENV + " channel cannot write the opened "
                    + "message: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void event(RunEvent e) {
        String key = PipesParams.assetKeyString(e.asset().path());
        if (!stepKeys.isEmpty() && !stepKeys.contains(key)) {
            heldBack++;
            return;
        }
        if (e instanceof RunEvent.MaterializeResult) {
            send("report_asset_materialization", g -> {
                g.writeStartObject();
                g.writeStringField("asset_key", key);
                g.writeNullField("data_version");
                metadata(g, e.metadata());
                g.writeEndObject();
            });
        } else if (e instanceof RunEvent.AssetCheckResult c) {
            send("report_asset_check", g -> {
                g.writeStartObject();
                g.writeStringField("asset_key", key);
                // Dagster's check names are [A-Za-z0-9_]+; the engine maps the rest to _ (pipes.rs)
                g.writeStringField("check_name", dev.rocky.core.spec.AssetNames.sanitize(c.checkName()));
                g.writeBooleanField("passed", c.passed());
                g.writeStringField("severity", c.severity().name());
                metadata(g, e.metadata());
                g.writeEndObject();
            });
        } else {
            log("INFO", "observation " + e.asset().toUserString() + " " + text(e.metadata()));
        }
    }

    @Override
    public synchronized void failure(AssetFailure f) {
        log("ERROR", "failed " + f.describe());
    }

    /**
     * Ends the session after a materialization returned its report: {@code closed}, with an
     * exception naming the failed assets when any failed.
     *
     * @param report the materialization's report
     */
    public synchronized void finish(MaterializationReport report) {
        finish(report.summary());
    }

    /**
     * As {@link #finish(MaterializationReport)}, after a streamed materialization.
     *
     * @param report how the materialization ended
     */
    public synchronized void finish(dev.rocky.core.run.MaterializationSummary report) {
        if (heldBack > 0) {
            log("INFO", heldBack + " event(s) of assets outside this step's asset_keys were not reported");
            heldBack = 0;
        }
        if (report.failures().isEmpty()) {
            close(Optional.empty());
        } else {
            close(Optional.of(report.failures().size() + " asset(s) failed to materialize: " + String.join("; ",
                    report.failures().stream().map(AssetFailure::describe).toList())));
        }
    }

    /**
     * Ends the session after the materialization stopped with an error: {@code closed} with it.
     *
     * @param error what stopped it
     */
    public synchronized void finish(RuntimeException error) {
        String code = error instanceof RockyException re ? " [" + re.code() + "]" : "";
        close(Optional.of(error.getMessage() + code));
    }

    /**
     * Ends the session, when {@link #finish} did not, with {@code closed} carrying "the
     * materialization did not finish" (a session that was never finished is not a success); closes a
     * file channel.
     */
    @Override
    public synchronized void close() {
        close(Optional.of("the materialization did not finish"));
    }

    private void close(Optional<String> exception) {
        if (closed) {
            return;
        }
        closed = true;
        send("closed", g -> {
            g.writeStartObject();
            if (exception.isPresent()) {
                g.writeObjectFieldStart("exception");
                g.writeStringField("message", exception.get());
                g.writeArrayFieldStart("stack");
                g.writeEndArray();
                g.writeStringField("name", "RockyRunException");
                g.writeNullField("cause");
                g.writeNullField("context");
                g.writeEndObject();
            }
            g.writeEndObject();
        });
        if (ownsChannel) {
            try {
                channel.close();
            } catch (IOException e) {
                warn.accept("Dagster Pipes: closing the message channel failed: " + e.getMessage());
            }
        }
    }

    /**
     * Sends a {@code log} message.
     *
     * @param level Python's level name: {@code DEBUG}, {@code INFO}, {@code WARNING}, {@code ERROR}
     * @param message the text
     */
    public synchronized void log(String level, String message) {
        send("log", g -> {
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeStringField("level", level);
            g.writeEndObject();
        });
    }

    private static void metadata(JsonGenerator g, Map<String, MetadataValue> md) throws IOException {
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, MetadataValue> e : md.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            MetadataValue v = e.getValue();
            g.writeFieldName("raw_value");
            String type;
            if (v instanceof MetadataValue.Text t) {
                g.writeString(t.value());
                type = "text";
            } else if (v instanceof MetadataValue.IntValue i) {
                g.writeNumber(i.value());
                type = "int";
            } else if (v instanceof MetadataValue.FloatValue f) {
                g.writeNumber(f.value());
                type = "float";
            } else if (v instanceof MetadataValue.BoolValue b) {
                g.writeBoolean(b.value());
                type = "bool";
            } else if (v instanceof MetadataValue.ColumnLineage c) {
                g.writeStartObject();
                g.writeObjectFieldStart("deps_by_column");
                for (Map.Entry<String, List<TableColumnLineage.ColumnDep>> col : c.lineage().depsByColumn().entrySet()) {
                    g.writeArrayFieldStart(col.getKey());
                    for (TableColumnLineage.ColumnDep dep : col.getValue()) {
                        g.writeStartObject();
                        g.writeStringField("asset_key", PipesParams.assetKeyString(dep.asset().path()));
                        g.writeStringField("column_name", dep.column());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndObject();
                type = "json";
            } else {
                g.writeNull();
                type = "null";
            }
            g.writeStringField("type", type);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static String text(Map<String, MetadataValue> md) {
        List<String> parts = new ArrayList<>();
        md.forEach((k, v) -> {
            if (v instanceof MetadataValue.Text t) {
                parts.add(k + "=" + t.value());
            } else if (v instanceof MetadataValue.IntValue i) {
                parts.add(k + "=" + i.value());
            } else if (v instanceof MetadataValue.BoolValue b) {
                parts.add(k + "=" + b.value());
            } else if (v instanceof MetadataValue.FloatValue f) {
                parts.add(k + "=" + f.value());
            }
        });
        return String.join(" ", parts);
    }

    /** Writes one message's params. */
    private interface Params {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(String method, Params params) {
        try {
            writeLine(method, params);
        } catch (IOException e) {
            if (!failedWrite) {
                failedWrite = true;
                warn.accept("Dagster Pipes: writing to the message channel failed (" + e.getMessage()
                        + "); later messages are dropped, the materialization goes on");
            }
        }
    }

    private void writeLine(String method, Params params) throws IOException {
        if (failedWrite) {
            return;
        }
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("__dagster_pipes_version", PipesParams.PROTOCOL_VERSION);
            g.writeStringField("method", method);
            g.writeFieldName("params");
            params.write(g);
            g.writeEndObject();
        }
        channel.write(line.toString());
        channel.write('\n');
        channel.flush();
    }
}
