package dev.rocky.state.codec;

import dev.rocky.json.DagOutput;
import dev.rocky.json.LineageOutput;
import dev.rocky.json.JsonTrees;
import dev.rocky.json.RockyJson;
import dev.rocky.json.SlotReader;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.Fingerprint;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state document as JSON:
 * <pre>{@code {"format_version": 1, "written_at": "2026-11-21T10:00:00Z",
 *  "fingerprint": {"digest": "<sha-256>", "parts": {"models": "<sha-256>", ...}},
 *  "dag_status": "success" | "failed" | "disabled", "dag_error": {"message": "..."}?,
 *  "slot_errors": {"compile": "..."}?, "carried_forward": ["compile"]?,
 *  "discover": {...}, "compile": {...}?, "optimize": {...}?, "dag": {...}?, "lineage": [{...}, ...]?}}</pre>
 * Each command slot holds rocky's stdout for that command: every token byte for byte, without the
 * whitespace between tokens ({@link CompactJson}: rocky indents its output, which made 40 % of a
 * large state's bytes), so fields this build does not know survive a refresh; {@code compile}, {@code optimize} and {@code dag} are present only
 * when they ran (or were carried forward). A document without {@code dag_status} (written before
 * DAG support) decodes with an empty {@link DefsState#recordedDagStatus()}. Decoding reads the
 * document in one streaming pass by the rules of the DTOs rocky's stdout is parsed with (the
 * discover, compile and optimize slots straight into the domain's records through
 * {@link SlotReader}'s {@code *Result} methods, the others through the mapper's DTOs), and
 * refuses a {@code format_version} newer than {@link DefsState#FORMAT_VERSION}. A document without
 * {@code format_version} but with a {@code discover} slot is dagster-rocky's state file, read as
 * {@link DefsState#DAGSTER_ROCKY_FORMAT}.
 *
 * <p>Thread-safe.
 */
public final class JsonStateCodec implements StateCodec {

    /**
     * The state's parser: rocky's read constraints (Jackson's defaults, which {@link RockyJson}'s
     * mapper keeps) with room for the nesting the document adds around each slot, so any output
     * the refresh accepted can be read back inside the state. Reading a state makes no
     * {@code ObjectMapper}: the slots every state has are bound by {@link SlotReader} and the
     * envelope's values are read by {@link JsonTrees}.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(stateConstraints()).build();

    /*
     * One holder class per mapper-bound slot reader: Jackson builds a reader's deserializers when
     * the reader is made, so each is made at its slot's first decode (class initialisation is lazy
     * and thread-safe). A state without a dag or lineage slot never builds those, nor the mapper.
     */
    private static final class Mapped {
        static final com.fasterxml.jackson.databind.ObjectMapper STATE_MAPPER = stateMapper();
    }

    private static final class Dag {
        static final ObjectReader READER = slotReader(DagOutput.class);
    }

    private static final class Lineage {
        static final ObjectReader READER = slotReader(LineageOutput[].class);
    }

    private static final Set<String> SLOTS = Set.of("discover", "compile", "optimize", "dag", "lineage");

    /**
     * A slot is one value inside the document, so trailing tokens are the document's business; and
     * it is rocky's output, checked for repeated keys when the refresh read it, so the parser does
     * not keep every object's keys again (a hash set per object of three or more keys: about a
     * tenth of a 100,000- or 1,000,000-table load's allocation).
     */
    private static ObjectReader slotReader(Class<?> type) {
        return Mapped.STATE_MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** @return Jackson's default read constraints, with 8 more levels of nesting */
    static com.fasterxml.jackson.core.StreamReadConstraints stateConstraints() {
        com.fasterxml.jackson.core.StreamReadConstraints rocky = com.fasterxml.jackson.core.StreamReadConstraints.defaults();
        return com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(rocky.getMaxNestingDepth() + 8)
                .maxStringLength(rocky.getMaxStringLength())
                .maxNumberLength(rocky.getMaxNumberLength())
                .maxDocumentLength(rocky.getMaxDocumentLength())
                .maxNameLength(rocky.getMaxNameLength())
                .build();
    }

    private static com.fasterxml.jackson.databind.ObjectMapper stateMapper() {
        com.fasterxml.jackson.databind.ObjectMapper mapper = RockyJson.mapper().copy();
        mapper.getFactory().setStreamReadConstraints(stateConstraints());
        return mapper;
    }

    @Override
    public byte[] encode(StateDraft draft) {
        StateSlots slots = draft.slots();
        int size = slots.discover().json().length
                + slots.compile().map(c -> c.json().length).orElse(0)
                + slots.optimize().map(o -> o.json().length).orElse(0)
                + slots.dag().map(d -> d.json().length).orElse(0)
                + slots.lineage().map(l -> l.json().length).orElse(0) + 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try {
            encode(draft, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the state document in memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the document as {@link #encode(StateDraft)} makes it, byte for byte, with each slot's
     * bytes copied from rocky's output straight to {@code out}: nothing the size of the document is
     * made.
     */
    @Override
    public void encode(StateDraft draft, OutputStream out) throws IOException {
        StateSlots slots = draft.slots();
        try (JsonGenerator gen = RockyJson.mapper().getFactory().createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartObject();
            gen.writeNumberField("format_version", DefsState.FORMAT_VERSION);
            gen.writeStringField("written_at", draft.writtenAt().toString());
            if (draft.fingerprint().isPresent()) {
                gen.writeObjectFieldStart("fingerprint");
                gen.writeStringField("digest", draft.fingerprint().get().digest());
                gen.writeObjectFieldStart("parts");
                for (Map.Entry<String, String> e : draft.fingerprint().get().parts().entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeStringField("dag_status", draft.dagStatus().wireName());
            if (draft.dagError().isPresent()) {
                gen.writeObjectFieldStart("dag_error");
                gen.writeStringField("message", draft.dagError().get());
                gen.writeEndObject();
            }
            if (!draft.slotErrors().isEmpty()) {
                gen.writeObjectFieldStart("slot_errors");
                for (Map.Entry<String, String> e : draft.slotErrors().entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
            }
            if (!draft.carriedForward().isEmpty()) {
                gen.writeArrayFieldStart("carried_forward");
                for (String slot : draft.carriedForward()) {
                    gen.writeString(slot);
                }
                gen.writeEndArray();
            }
            writeSlot(gen, out, "discover", slots.discover());
            if (slots.compile().isPresent()) {
                writeSlot(gen, out, "compile", slots.compile().get());
            }
            if (slots.optimize().isPresent()) {
                writeSlot(gen, out, "optimize", slots.optimize().get());
            }
            if (slots.dag().isPresent()) {
                writeSlot(gen, out, "dag", slots.dag().get());
            }
            if (slots.lineage().isPresent()) {
                writeSlot(gen, out, "lineage", slots.lineage().get());
            }
            gen.writeEndObject();
        }
    }

    /**
     * Writes a slot's name, then rocky's bytes for it without the byte-order mark before them
     * (rocky's parser skips a mark; inside the state it would be a stray character) and without
     * whitespace between tokens ({@link CompactJson}). The generator writes the separator (an empty
     * raw value), then the bytes go to {@code out} past it: the refresh parsed them already, so they
     * are one JSON value in valid UTF-8.
     */
    private static void writeSlot(JsonGenerator gen, OutputStream out, String name, RockyOutput<?> output) throws IOException {
        byte[] json = output.json();
        int from = skipSpace(json, 0);
        if (json.length - from >= 3 && json[from] == (byte) 0xEF && json[from + 1] == (byte) 0xBB && json[from + 2] == (byte) 0xBF) {
            from = skipSpace(json, from + 3);
        }
        int to = json.length;
        while (to > from && isJsonSpace(json[to - 1])) {
            to--;
        }
        gen.writeFieldName(name);
        gen.writeRawValue("");
        gen.flush();
        CompactJson.copy(json, from, to, out);
    }

    private static int skipSpace(byte[] json, int from) {
        while (from < json.length && isJsonSpace(json[from])) {
            from++;
        }
        return from;
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    @Override
    public DefsState decode(StoredState stored) {
        return read(stored, false).state;
    }

    @Override
    public StateSlots slots(StoredState stored) {
        Decoded d = read(stored, true);
        return new StateSlots(
                new RockyOutput<>(d.state.discover(), d.raw.get("discover"), 0),
                d.state.compile().map(c -> new RockyOutput<>(c, d.raw.get("compile"), 0)),
                d.state.optimize().map(o -> new RockyOutput<>(o, d.raw.get("optimize"), 0)),
                d.state.dag().map(g -> new RockyOutput<>(g, d.raw.get("dag"), 0)),
                d.raw.containsKey("lineage") ? Optional.of(new RockyOutput<>(d.state.lineage(), d.raw.get("lineage"), 0))
                        : Optional.empty());
    }

    /** A decoded document and, when asked for, each command slot's bytes as the document holds them. */
    private record Decoded(DefsState state, Map<String, byte[]> raw) {
    }

    /**
     * Decodes a document streamed from a store's freshly written file: slot by slot, each dropped
     * once decoded, so at most one slot's records are held. No heap guard: the check holds far less
     * than a load, and a load in a smaller JVM refuses with its own message.
     */
    @Override
    public void check(InputStream document, String location) throws IOException {
        try (JsonParser p = FACTORY.createParser(document)) {
            read(p, location, Optional.empty(), null, false);
        }
    }

    private Decoded read(StoredState stored, boolean keepRaw) {
        byte[] content = stored.content();
        long heap = Runtime.getRuntime().maxMemory();
        if (content.length > heap / 4) {
            // Decoding holds the document, its tree of slots and the domain records at once: refuse rather than die.
            throw new StateException(ErrorCode.STATE_UNUSABLE, "the state at " + stored.location() + " is "
                    + content.length / (1024 * 1024) + " MiB, more than a quarter of this JVM's " + heap / (1024 * 1024)
                    + " MiB heap, so loading it could exhaust memory; give the JVM more heap (-Xmx)", null);
        }
        try (JsonParser p = FACTORY.createParser(content)) {
            return read(p, stored.location(), stored.version(), keepRaw ? content : null, true);
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read the state at " + stored.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One pass over a document.
     *
     * @param p the parser, before the document's first token
     * @param location where the document is, for messages
     * @param version the store's version of it
     * @param rawFrom the bytes {@code p} reads, to copy each command slot's exact JSON from; null for none
     * @param keep whether to keep what was decoded: false decodes every slot, drops it and returns null
     */
    private Decoded read(JsonParser p, String location, Optional<String> version, byte[] rawFrom, boolean keep) throws IOException {
        Map<String, byte[]> raw = new HashMap<>();
        // Repeated keys are found by what reads each part (the top level's keys below, the envelope's
        // values by tree()), not by the parser: its check, once on, follows every nested object
        // it ever opened at a depth, the slots' included (the parser reuses one context per depth).
        p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(location, "$", "the document is not a JSON object", null);
            }
            Integer formatVersion = null;
            DiscoverResult discover = null;
            CompileResult compile = null;
            OptimizeResult optimize = null;
            DagResult dag = null;
            java.util.List<dev.rocky.core.model.ModelLineage> lineage = java.util.List.of();
            String dagStatus = null;
            String dagError = null;
            boolean sawDiscover = false;
            Fingerprint fingerprint = null;
            Instant writtenAt = null;
            Map<String, String> slotErrors = new LinkedHashMap<>();
            Set<String> carried = new TreeSet<>();
            Set<String> fields = new java.util.HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (!fields.add(field)) {
                    throw corrupt(location, "$." + field, "the key " + field + " appears twice", null);
                }
                JsonToken value = p.nextToken();
                long start = p.currentTokenLocation().getByteOffset();
                switch (field) {
                    case "format_version" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw corrupt(location, "$.format_version", "format_version is not an integer", null);
                        }
                        formatVersion = p.getIntValue();
                        if (formatVersion > DefsState.FORMAT_VERSION) {
                            throw new StateException(ErrorCode.STATE_CORRUPT, "the state at " + location
                                    + " has format_version " + formatVersion + ", newer than " + DefsState.FORMAT_VERSION
                                    + " which this rocky-java reads; upgrade rocky-java or run `rocky-component refresh` to rewrite it",
                                    null);
                        }
                    }
                    case "written_at" -> writtenAt = instant(p, location);
                    case "fingerprint" -> fingerprint = fingerprint(tree(p), location);
                    case "dag_status" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw corrupt(location, "$.dag_status", "dag_status is not a string", null);
                        }
                        dagStatus = p.getText();
                    }
                    case "dag_error" -> dagError = tree(p).path("message").asText(null);
                    case "slot_errors" -> tree(p).fields().forEachRemaining(e -> slotErrors.put(e.getKey(), e.getValue().asText()));
                    case "carried_forward" -> tree(p).forEach(n -> carried.add(n.asText()));
                    case "discover" -> {
                        discover = slot(p, location, "discover", SlotReader::discoverResult);
                        sawDiscover = true;
                    }
                    case "compile" -> compile = slot(p, location, "compile", SlotReader::compileResult);
                    case "optimize" -> optimize = slot(p, location, "optimize", SlotReader::optimizeResult);
                    case "dag" -> dag = slot(p, location, "dag", q -> Dag.READER.<DagOutput>readValue(q)).toDomain();
                    case "lineage" -> {
                        LineageOutput[] models = slot(p, location, "lineage", q -> Lineage.READER.<LineageOutput[]>readValue(q));
                        lineage = java.util.Arrays.stream(models).map(LineageOutput::toDomain).toList();
                    }
                    default -> p.skipChildren();
                }
                if (rawFrom != null && SLOTS.contains(field)) {
                    long end = p.currentLocation().getByteOffset();
                    raw.put(field, Arrays.copyOfRange(rawFrom, (int) start, (int) end));
                }
                if (!keep) {
                    // checked: dropped, so a check holds one slot's records at a time
                    discover = null;
                    compile = null;
                    optimize = null;
                    dag = null;
                    lineage = java.util.List.of();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw corrupt(location, "$", "the document does not end where its top-level object ends", null);
            }
            if (!sawDiscover) {
                throw corrupt(location, "$.discover", "the discover slot is missing", null);
            }
            if (!keep) {
                return null;
            }
            if (formatVersion == null) {
                // dagster-rocky's state file: its slots without format_version; read as is, rewritten by the next refresh.
                formatVersion = DefsState.DAGSTER_ROCKY_FORMAT;
            }
            DefsState state = new DefsState(formatVersion, discover, Optional.ofNullable(compile), Optional.ofNullable(optimize),
                    Optional.ofNullable(dag), Optional.ofNullable(dagStatus), Optional.ofNullable(dagError), slotErrors, carried,
                    Optional.ofNullable(fingerprint), Optional.ofNullable(writtenAt), version, lineage);
            return new Decoded(state, raw);
        } catch (StateException e) {
            throw e;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // A slot that parses but holds a value its domain type refuses (an empty name, a negative count).
            throw corrupt(location, "$", "a slot holds a value rocky never prints: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw corrupt(location, RockyJson.jsonPath(e), RockyJson.shortMessage(e), e);
        }
    }

    /** One of the envelope's own values: a key repeated anywhere in it is refused. */
    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNode node = JsonTrees.read(p, true);
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    private static Instant instant(JsonParser p, String location) throws IOException {
        try {
            return Instant.parse(p.getValueAsString(""));
        } catch (DateTimeParseException e) {
            throw corrupt(location, "$.written_at", "written_at is not an ISO-8601 instant", e);
        }
    }

    private static Fingerprint fingerprint(JsonNode node, String location) {
        if (!node.path("digest").isTextual() || !node.path("parts").isObject()) {
            throw corrupt(location, "$.fingerprint", "fingerprint needs a digest string and a parts object", null);
        }
        Map<String, String> parts = new TreeMap<>();
        node.path("parts").fields().forEachRemaining(e -> parts.put(e.getKey(), e.getValue().asText()));
        return new Fingerprint(node.path("digest").asText(), parts);
    }

    /** Binds one slot's value, at its first token. */
    @FunctionalInterface
    private interface SlotBinding<T> {
        T bind(JsonParser p) throws IOException;
    }

    private static <T> T slot(JsonParser p, String location, String name, SlotBinding<T> binding) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            throw corrupt(location, "$." + name, "the " + name + " slot is null", null);
        }
        try {
            return binding.bind(p);
        } catch (JacksonException e) {
            String inner = RockyJson.jsonPath(e);
            String path = inner.startsWith("$." + name) ? inner
                    : "$." + name + inner.substring(1);
            throw corrupt(location, path, RockyJson.shortMessage(e), e);
        }
    }

    private static StateException corrupt(String location, String path, String detail, Throwable cause) {
        return new StateException(ErrorCode.STATE_CORRUPT, "the state at " + location
                + " is not a valid state document (" + detail + " at " + path
                + "); run `rocky-component refresh` to rewrite it", cause);
    }
}
