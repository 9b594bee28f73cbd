package dev.rocky.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.PipesMessage;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.json.PipesParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tails the messages file the engine writes under Dagster Pipes and decodes each complete line
 * into a {@link PipesMessage}, in file order: the reading half of the protocol (Dagster's
 * {@code PipesFileMessageReader}; the engine's writer is {@code rocky-cli/src/pipes.rs}). The engine
 * writes plain JSON lines (no compression on the channel; only the bootstrap parameters are
 * {@code base64(zlib(json))}). A line that is not a protocol message becomes
 * {@link PipesMessage.Malformed} and the rest is still read; a line the process left without its
 * newline when it ended is malformed as "cut off".
 *
 * <p>Metadata values are unwrapped from {@code {"raw_value", "type"}}: {@code int}, {@code float},
 * {@code bool}, {@code null} and the text types as themselves, {@code __infer__} (what the engine
 * sends) by the raw value's JSON type, anything else as its JSON text; a bare value is read as
 * {@code __infer__}.
 */
final class PipesMessageReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Consumer<PipesMessage> receiver;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;
    private int lineNumber;

    /**
     * @param file the messages file (it may not exist yet)
     * @param receiver hears each message on the thread that calls {@link #poll}
     */
    PipesMessageReader(Path file, Consumer<PipesMessage> receiver) {
        this.file = file;
        this.receiver = receiver;
    }

    /** Reads what was appended since the last poll and hands over each complete line. */
    void poll() {
        if (!file.toFile().exists()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                buf.clear();
                int n = ch.read(buf, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] bytes = buf.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        partial.write(bytes, start, i - start);
                        line(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                        start = i + 1;
                    }
                }
                partial.write(bytes, start, n - start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rocky's Dagster Pipes messages from " + file, e);
        }
    }

    /** After the process ended: a last line without its newline is reported as cut off. */
    void finish() {
        poll();
        if (partial.size() > 0) {
            String rest = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (!rest.isBlank()) {
                lineNumber++;
                receiver.accept(new PipesMessage.Malformed(lineNumber, "cut off: the process ended in the middle of the line"));
            }
        }
    }

    private void line(String text) {
        lineNumber++;
        if (text.isBlank()) {
            return;
        }
        receiver.accept(decode(lineNumber, text));
    }

    /**
     * @param line the line's number, for a malformed one
     * @param text one line of the messages file
     * @return the message it holds
     */
    static PipesMessage decode(int line, String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            return new PipesMessage.Malformed(line, "not JSON");
        }
        if (m == null || !m.isObject()) {
            return new PipesMessage.Malformed(line, "not a JSON object");
        }
        JsonNode version = m.get("__dagster_pipes_version");
        if (version == null || !version.isTextual()) {
            return new PipesMessage.Malformed(line, "no __dagster_pipes_version");
        }
        if (!version.asText().equals(PipesParams.PROTOCOL_VERSION)) {
            return new PipesMessage.Malformed(line, "protocol version " + version.asText() + ", rocky-java reads "
                    + PipesParams.PROTOCOL_VERSION);
        }
        JsonNode method = m.get("method");
        if (method == null || !method.isTextual()) {
            return new PipesMessage.Malformed(line, "no method");
        }
        JsonNode p = m.path("params");
        switch (method.asText()) {
            case "opened":
                return new PipesMessage.Opened();
            case "closed": {
                JsonNode e = p.path("exception");
                return new PipesMessage.Closed(e.isObject() ? java.util.Optional.of(e.path("message").asText("(no message)"))
                        : java.util.Optional.empty());
            }
            case "log":
                if (!p.path("message").isTextual()) {
                    return new PipesMessage.Malformed(line, "log without a string message");
                }
                return new PipesMessage.Log(p.path("level").asText("INFO"), p.path("message").asText());
            case "report_asset_materialization": {
                if (!p.path("asset_key").isTextual() || p.path("asset_key").asText().isEmpty()) {
                    return new PipesMessage.Malformed(line, "report_asset_materialization without an asset_key");
                }
                return new PipesMessage.Materialization(PipesParams.assetKeyPath(p.path("asset_key").asText()),
                        metadata(p.path("metadata")));
            }
            case "report_asset_check": {
                if (!p.path("asset_key").isTextual() || p.path("asset_key").asText().isEmpty() || !p.path("check_name").isTextual()
                        || !p.path("passed").isBoolean()) {
                    return new PipesMessage.Malformed(line, "report_asset_check without asset_key, check_name or a boolean passed");
                }
                String severity = p.path("severity").asText("ERROR");
                if (!severity.equals("ERROR") && !severity.equals("WARN")) {
                    return new PipesMessage.Malformed(line, "report_asset_check severity '" + severity + "' is neither ERROR nor WARN");
                }
                return new PipesMessage.CheckResult(PipesParams.assetKeyPath(p.path("asset_key").asText()), p.path("check_name").asText(),
                        p.path("passed").asBoolean(), severity.equals("WARN") ? CheckSeverity.WARN : CheckSeverity.ERROR,
                        metadata(p.path("metadata")));
            }
            default:
                return new PipesMessage.Unknown(method.asText());
        }
    }

    private static Map<String, MetadataValue> metadata(JsonNode md) {
        Map<String, MetadataValue> out = new LinkedHashMap<>();
        if (!md.isObject()) {
            return out;
        }
        md.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            boolean wrapped = v.isObject() && v.size() == 2 && v.has("raw_value") && v.has("type");
            JsonNode raw = wrapped ? v.get("raw_value") : v;
            String type = wrapped ? v.path("type").asText() : "__infer__";
            out.put(e.getKey(), value(raw, type));
        });
        return out;
    }

    private static MetadataValue value(JsonNode raw, String type) {
        if (raw == null || raw.isNull()) {
            return MetadataValue.NULL;
        }
        switch (type) {
            case "int":
                return raw.canConvertToLong() ? MetadataValue.integer(raw.asLong()) : MetadataValue.text(raw.toString());
            case "float":
                return raw.isNumber() ? new MetadataValue.FloatValue(raw.asDouble()) : MetadataValue.text(raw.toString());
            case "bool":
                return raw.isBoolean() ? new MetadataValue.BoolValue(raw.asBoolean()) : MetadataValue.text(raw.toString());
            case "text", "url", "path", "md", "notebook":
                return MetadataValue.text(raw.isTextual() ? raw.asText() : raw.toString());
            case "__infer__":
                if (raw.isTextual()) {
                    return MetadataValue.text(raw.asText());
                }
                if (raw.isIntegralNumber() && raw.canConvertToLong()) {
                    return MetadataValue.integer(raw.asLong());
                }
                if (raw.isNumber()) {
                    return new MetadataValue.FloatValue(raw.asDouble());
                }
                if (raw.isBoolean()) {
                    return new MetadataValue.BoolValue(raw.asBoolean());
                }
                return MetadataValue.text(raw.toString());
            default:
                return MetadataValue.text(raw.isTextual() ? raw.asText() : raw.toString());
        }
    }
}
