package dev.rocky.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.spec.AssetKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The last check verdicts as one JSON file beside the state ({@code check-verdicts.json} in the
 * state's directory):
 * <pre>{"format_version": 1, "verdicts": [{"asset_key": ["a", "b"], "check_name": "row_count",
 *   "passed": true, "severity": "ERROR", "recorded_at": "2026-12-02T10:00:00Z"}]}</pre>
 * A write reads the file, replaces the verdicts it names and publishes a whole new file by an
 * atomic rename, under an exclusive lock on {@code check-verdicts.lock}, so two materializations
 * recording at once both keep their verdicts. The file is local to the machine even when the
 * state itself is in S3 or Valkey. Thread-safe.
 */
public final class JsonFileCheckVerdictStore implements CheckVerdictStore {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "check-verdicts.json";

    /** The format this store writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Made at the first verdict file read or written: a project without one never makes a mapper. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** One lock per file within this JVM: a file lock is per process, so threads queue here first. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path lock;

    /** @param dir the state's directory; created on the first write */
    public JsonFileCheckVerdictStore(Path dir) {
        Path d = Objects.requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
        this.file = d.resolve(FILE_NAME);
        this.lock = d.resolve("check-verdicts.lock");
    }

    @Override
    public Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
        Map<AssetKey, Map<String, RecordedVerdict>> out = new HashMap<>();
        if (assets.isEmpty()) {
            return out;
        }
        try {
            readEach(v -> {
                if (assets.contains(v.asset())) {
                    out.computeIfAbsent(v.asset(), k -> new LinkedHashMap<>()).put(v.checkName(), v);
                }
            });
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read check verdicts at " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void record(Collection<RecordedVerdict> verdicts) {
        if (verdicts.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
                recordLocked(verdicts);
            }
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot record check verdicts at " + file + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /** One asset check, as the file keys its verdicts. */
    private record Slot(AssetKey asset, String checkName) {
    }

    /**
     * Read, merge and publish under the file lock that keeps other processes out. The file is
     * streamed through, never held: each verdict it has is written back, or the new verdict of
     * the same asset check in its place; the new verdicts of other asset checks follow, in the
     * order given (the last of a repeated one wins). At 100,000 tables with three reported checks
     * each, the file holds 300,000 verdicts, which as a tree were several hundred MB per
     * materialization. A file this store wrote never repeats an asset check.
     */
    private void recordLocked(Collection<RecordedVerdict> verdicts) throws IOException {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Map<Slot, RecordedVerdict> fresh = new LinkedHashMap<>(verdicts.size() * 4 / 3 + 1);
            for (RecordedVerdict v : verdicts) {
                fresh.put(new Slot(v.asset(), v.checkName()), v);
            }
            Path temp = file.resolveSibling("." + FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
            boolean published = false;
            try {
                try (OutputStream os = Files.newOutputStream(temp);
                        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(os)) {
                    g.writeStartObject();
                    g.writeNumberField("format_version", FORMAT_VERSION);
                    g.writeArrayFieldStart("verdicts");
                    InstantText times = new InstantText();
                    readEach(old -> {
                        RecordedVerdict replaced = fresh.remove(new Slot(old.asset(), old.checkName()));
                        write(g, replaced == null ? old : replaced, times);
                    });
                    for (RecordedVerdict v : fresh.values()) {
                        write(g, v, times);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                published = true;
            } finally {
                if (!published) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** An instant's ISO-8601 text, formatted once per distinct instant in a row (a materialization stamps its verdicts with one). */
    private static final class InstantText {
        private Instant last;
        private String text;

        String of(Instant at) {
            if (!at.equals(last)) {
                text = at.toString();
                last = at;
            }
            return text;
        }
    }

    private static void write(JsonGenerator g, RecordedVerdict v, InstantText times) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("asset_key");
        for (String part : v.asset().path()) {
            g.writeString(part);
        }
        g.writeEndArray();
        g.writeStringField("check_name", v.checkName());
        g.writeBooleanField("passed", v.passed());
        g.writeStringField("severity", v.severity().name());
        g.writeStringField("recorded_at", times.of(v.recordedAt()));
        g.writeEndObject();
    }

    @Override
    public String location() {
        return file.toString();
    }

    /** What {@link #readEach} hands each verdict to. */
    private interface VerdictSink {
        void accept(RecordedVerdict verdict) throws IOException;
    }

    /**
     * Streams the file's verdicts to {@code sink}, in the file's order; nothing when there is no
     * file. A verdict's {@code recorded_at} is parsed once per distinct text (a materialization
     * stamps all of its verdicts with one instant).
     *
     * @throws StateException {@code STATE_CORRUPT} when the file is not this format
     * @throws IOException when the file cannot be read, or the sink failed
     */
    private void readEach(VerdictSink sink) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return;
        }
        try (in; JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt("it is not a JSON object", null);
            }
            int version = -1;
            JsonNode early = null; // verdicts before format_version: held until the version is known
            VerdictReader reader = new VerdictReader();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format_version")) {
                    version = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                } else if (field.equals("verdicts") && version == FORMAT_VERSION && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        sink.accept(reader.read(p));
                    }
                } else if (field.equals("verdicts")) {
                    early = p.readValueAsTree();
                } else {
                    p.skipChildren();
                }
            }
            if (version != FORMAT_VERSION) {
                throw corrupt("its format_version is not " + FORMAT_VERSION, null);
            }
            if (early != null) {
                for (JsonNode v : early) {
                    sink.accept(reader.read(v));
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    /**
     * Reads verdict objects, remembering the last {@code recorded_at} text and its instant. A value
     * reads as {@link JsonNode#asText()} and {@link JsonNode#asBoolean()} read it (a missing one as
     * a missing node), whether streamed or from a tree.
     */
    private static final class VerdictReader {
        private String lastText;
        private Instant lastInstant;

        /** @param v a verdict object read as a tree */
        RecordedVerdict read(JsonNode v) {
            List<String> key = new ArrayList<>();
            v.path("asset_key").forEach(k -> key.add(k.asText()));
            return verdict(key, v.path("check_name").asText(), v.path("passed").asBoolean(), v.path("severity").asText(),
                    v.path("recorded_at").asText());
        }

        /** @param p a parser at a verdict object's {@code START_OBJECT}; left at its {@code END_OBJECT} */
        RecordedVerdict read(JsonParser p) throws IOException {
            List<String> key = new ArrayList<>(4);
            String check = "";
            boolean passed = false;
            String severity = "";
            String at = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "asset_key" -> {
                        key.clear();
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                key.add(text(p));
                            }
                        } else if (t == JsonToken.START_OBJECT) {
                            // an object's values, as a tree's forEach gives them
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                p.nextToken();
                                key.add(text(p));
                            }
                        }
                    }
                    case "check_name" -> check = text(p);
                    case "passed" -> passed = bool(p);
                    case "severity" -> severity = text(p);
                    case "recorded_at" -> at = text(p);
                    default -> p.skipChildren();
                }
            }
            return verdict(key, check, passed, severity, at);
        }

        /** @return the current value as {@link JsonNode#asText()} gives it; a container is skipped and reads as "" */
        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                return "";
            }
            return t == JsonToken.VALUE_NULL ? "null" : p.getText();
        }

        /** @return the current value as {@link JsonNode#asBoolean()} gives it */
        private static boolean bool(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (t == JsonToken.VALUE_STRING) {
                return "true".equals(p.getText().trim());
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return p.getBigIntegerValue().signum() != 0;
            }
            p.skipChildren();
            return false;
        }

        private RecordedVerdict verdict(List<String> key, String check, boolean passed, String severity, String at) {
            if (!at.equals(lastText)) {
                lastInstant = Instant.parse(at);
                lastText = at;
            }
            return new RecordedVerdict(new AssetKey(key), check, passed, CheckSeverity.valueOf(severity), lastInstant);
        }
    }

    private StateException corrupt(String why, Exception cause) {
        return new StateException(ErrorCode.STATE_CORRUPT, "the check verdicts at " + file + " cannot be read (" + why
                + "); delete the file to start a new record", cause);
    }
}
