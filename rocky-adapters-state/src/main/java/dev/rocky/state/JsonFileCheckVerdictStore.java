package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.spec.AssetKey;
import java.io.IOException;
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
        for (RecordedVerdict v : readAll()) {
            if (assets.contains(v.asset())) {
                out.computeIfAbsent(v.asset(), k -> new LinkedHashMap<>()).put(v.checkName(), v);
            }
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

    /** Read, merge and publish under the file lock that keeps other processes out. */
    private void recordLocked(Collection<RecordedVerdict> verdicts) throws IOException {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Map<List<Object>, RecordedVerdict> merged = new LinkedHashMap<>();
            for (RecordedVerdict v : readAll()) {
                merged.put(List.of(v.asset(), v.checkName()), v);
            }
            for (RecordedVerdict v : verdicts) {
                merged.put(List.of(v.asset(), v.checkName()), v);
            }
            Path temp = file.resolveSibling("." + FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
            Files.write(temp, Json.MAPPER.writeValueAsBytes(encode(merged.values())));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String location() {
        return file.toString();
    }

    private List<RecordedVerdict> readAll() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read check verdicts at " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = Json.MAPPER.readTree(bytes);
            if (root == null || root.path("format_version").asInt(-1) != FORMAT_VERSION) {
                throw corrupt("its format_version is not " + FORMAT_VERSION, null);
            }
            List<RecordedVerdict> out = new ArrayList<>();
            for (JsonNode v : root.path("verdicts")) {
                List<String> key = new ArrayList<>();
                v.path("asset_key").forEach(k -> key.add(k.asText()));
                out.add(new RecordedVerdict(new AssetKey(key), v.path("check_name").asText(), v.path("passed").asBoolean(),
                        CheckSeverity.valueOf(v.path("severity").asText()), Instant.parse(v.path("recorded_at").asText())));
            }
            return out;
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    private StateException corrupt(String why, Exception cause) {
        return new StateException(ErrorCode.STATE_CORRUPT, "the check verdicts at " + file + " cannot be read (" + why
                + "); delete the file to start a new record", cause);
    }

    private static ObjectNode encode(Collection<RecordedVerdict> verdicts) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ArrayNode list = root.putArray("verdicts");
        for (RecordedVerdict v : verdicts) {
            ObjectNode o = list.addObject();
            ArrayNode key = o.putArray("asset_key");
            v.asset().path().forEach(key::add);
            o.put("check_name", v.checkName());
            o.put("passed", v.passed());
            o.put("severity", v.severity().name());
            o.put("recorded_at", v.recordedAt().toString());
        }
        return root;
    }
}
