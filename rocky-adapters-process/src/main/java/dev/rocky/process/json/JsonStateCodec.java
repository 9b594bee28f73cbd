package dev.rocky.process.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StoredState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The state document as JSON:
 * <pre>{@code {"format_version": 1, "dag_status": "disabled", "discover": {...}, "compile": {...}, "optimize": {...}}}</pre>
 * Each slot holds rocky's stdout for that command byte for byte, so fields this build does not know
 * survive a refresh; {@code compile} and {@code optimize} are present only when they ran. Decoding
 * reads the document in one streaming pass into the same DTOs rocky's stdout is parsed with, and
 * refuses a {@code format_version} newer than {@link DefsState#FORMAT_VERSION}.
 *
 * <p>Thread-safe.
 */
public final class JsonStateCodec implements StateCodec {

    private static final ObjectReader DISCOVER = slotReader(DiscoverOutput.class);
    private static final ObjectReader COMPILE = slotReader(CompileOutput.class);
    private static final ObjectReader OPTIMIZE = slotReader(OptimizeOutput.class);

    /** A slot is one value inside the document, so trailing tokens are the document's business. */
    private static ObjectReader slotReader(Class<?> type) {
        return RockyJson.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public byte[] encode(StateDraft draft) {
        int size = draft.discover().json().length
                + draft.compile().map(c -> c.json().length).orElse(0)
                + draft.optimize().map(o -> o.json().length).orElse(0) + 256;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator gen = RockyJson.mapper().getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("format_version", DefsState.FORMAT_VERSION);
            gen.writeStringField("dag_status", draft.dagStatus().wireName());
            if (draft.dagError().isPresent()) {
                gen.writeObjectFieldStart("dag_error");
                gen.writeStringField("message", draft.dagError().get());
                gen.writeEndObject();
            }
            writeSlot(gen, "discover", draft.discover());
            if (draft.compile().isPresent()) {
                writeSlot(gen, "compile", draft.compile().get());
            }
            if (draft.optimize().isPresent()) {
                writeSlot(gen, "optimize", draft.optimize().get());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the state document in memory", e);
        }
        return out.toByteArray();
    }

    private static void writeSlot(JsonGenerator gen, String name, RockyOutput<?> output) throws IOException {
        gen.writeFieldName(name);
        gen.writeRawValue(new String(output.json(), StandardCharsets.UTF_8).strip());
    }

    @Override
    public DefsState decode(StoredState stored) {
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(stored.content())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(stored, "$", "the document is not a JSON object", null);
            }
            Integer formatVersion = null;
            DiscoverResult discover = null;
            CompileResult compile = null;
            OptimizeResult optimize = null;
            DagStatus dagStatus = DagStatus.DISABLED;
            String dagError = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format_version" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw corrupt(stored, "$.format_version", "format_version is not an integer", null);
                        }
                        formatVersion = p.getIntValue();
                        if (formatVersion > DefsState.FORMAT_VERSION) {
                            throw new StateException(ErrorCode.STATE_CORRUPT, "the state at " + stored.location()
                                    + " has format_version " + formatVersion + ", newer than " + DefsState.FORMAT_VERSION
                                    + " which this rocky-java reads; upgrade rocky-java or run `rocky-component refresh` to rewrite it",
                                    null);
                        }
                    }
                    case "dag_status" -> dagStatus = DagStatus.fromWireName(p.getValueAsString())
                            .orElseThrow(() -> corrupt(stored, "$.dag_status", "unknown dag_status", null));
                    case "dag_error" -> dagError = RockyJson.mapper().<com.fasterxml.jackson.databind.JsonNode>readTree(p).path("message").asText(null);
                    case "discover" -> discover = slot(p, stored, "discover", DISCOVER, DiscoverOutput.class).toDomain();
                    case "compile" -> compile = slot(p, stored, "compile", COMPILE, CompileOutput.class).toDomain();
                    case "optimize" -> optimize = slot(p, stored, "optimize", OPTIMIZE, OptimizeOutput.class).toDomain();
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw corrupt(stored, "$", "the document does not end where its top-level object ends", null);
            }
            if (formatVersion == null) {
                throw corrupt(stored, "$.format_version", "format_version is missing", null);
            }
            if (discover == null) {
                throw corrupt(stored, "$.discover", "the discover slot is missing", null);
            }
            return new DefsState(formatVersion, discover, Optional.ofNullable(compile), Optional.ofNullable(optimize),
                    dagStatus, Optional.ofNullable(dagError));
        } catch (StateException e) {
            throw e;
        } catch (JacksonException e) {
            throw corrupt(stored, RockyJson.jsonPath(e), RockyJson.shortMessage(e), e);
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read the state at " + stored.location() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T slot(JsonParser p, StoredState stored, String name, ObjectReader reader, Class<T> type)
            throws IOException {
        try {
            return type.cast(reader.readValue(p));
        } catch (JacksonException e) {
            String inner = RockyJson.jsonPath(e);
            String path = inner.startsWith("$." + name) ? inner
                    : "$." + name + inner.substring(1);
            throw corrupt(stored, path, RockyJson.shortMessage(e), e);
        }
    }

    private static StateException corrupt(StoredState stored, String path, String detail, Throwable cause) {
        return new StateException(ErrorCode.STATE_CORRUPT, "the state at " + stored.location()
                + " is not a valid state document (" + detail + " at " + path
                + "); run `rocky-component refresh` to rewrite it", cause);
    }
}
