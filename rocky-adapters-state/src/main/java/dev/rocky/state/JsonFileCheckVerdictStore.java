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
 * The last check verdicts as a JSON snapshot and a journal beside the state, in the state's
 * directory. The snapshot, {@code check-verdicts.json}:
 * <pre>{"format_version": 1, "verdicts": [{"asset_key": ["a", "b"], "check_name": "row_count",
 *   "passed": true, "severity": "ERROR", "recorded_at": "2026-12-02T10:00:00Z"}]}</pre>
 * The journal, {@code check-verdicts.journal}: one such verdict object per line, in the order
 * recorded. A verdict in the journal replaces the one of the same asset check in the snapshot,
 * a later line an earlier one.
 *
 * <p>A record appends its verdicts to the journal, so its cost is its own verdicts, not every
 * verdict of the project (rewriting a 300,000-verdict snapshot made a one-asset materialization
 * of a 100,000-table project take 280 ms). A record that would make the journal larger than half
 * the snapshot (and than 1 MiB) compacts instead: the snapshot's verdicts, each replaced in place by the
 * last of the same asset check in the journal or the record, then their others in the order
 * first recorded (what merging every record into the snapshot one by one writes), published
 * whole by an atomic rename; then the journal is deleted. A record of most of a project's checks
 * thus rewrites the snapshot once, as before; one that lists them in the snapshot's order (the
 * same selection materialized again) is walked beside it, with no map of its verdicts. A record checks the snapshot's {@code format_version}
 * first, so an unreadable snapshot is refused by name rather than hidden behind a journal.
 *
 * <p>Everything is done under an exclusive lock on {@code check-verdicts.lock} (and, within this
 * JVM, a monitor per file), reads too, so two materializations recording at once both keep their
 * verdicts and a read never sees half a compaction. A process killed while appending leaves at
 * most an incomplete last line, which a read ignores and the next record cuts off before it
 * appends; one killed between the rename and the journal's deletion leaves a journal whose
 * verdicts the snapshot already holds, which read again change nothing. The files are local to
 * the machine even when the state itself is in S3 or Valkey. Thread-safe.
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

    /** The journal's name in the state directory. */
    public static final String JOURNAL_NAME = "check-verdicts.journal";

    /** The journal is compacted into the snapshot once it would be larger than this and than half the snapshot. */
    private static final long DEFAULT_COMPACT_ABOVE = 1L << 20;

    private final Path file;
    private final Path journal;
    private final Path lock;
    private final long compactAbove;

    /** @param dir the state's directory; created on the first write */
    public JsonFileCheckVerdictStore(Path dir) {
        this(dir, DEFAULT_COMPACT_ABOVE);
    }

    /**
     * @param dir the state's directory
     * @param compactAbove the journal's size in bytes above which (and above half the snapshot's)
     *     a record compacts it into the snapshot instead of appending; 0 compacts whenever the
     *     journal would be more than half the snapshot
     */
    JsonFileCheckVerdictStore(Path dir, long compactAbove) {
        Path d = Objects.requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
        this.file = d.resolve(FILE_NAME);
        this.journal = d.resolve(JOURNAL_NAME);
        this.lock = d.resolve("check-verdicts.lock");
        this.compactAbove = compactAbove;
    }

    @Override
    public Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
        Map<AssetKey, Map<String, RecordedVerdict>> out = new HashMap<>();
        if (assets.isEmpty() || (!Files.exists(file) && !Files.exists(journal))) {
            return out; // (nothing recorded: no lock file is made in a directory that may not exist)
        }
        VerdictSink keep = v -> {
            if (assets.contains(v.asset())) {
                out.computeIfAbsent(v.asset(), k -> new LinkedHashMap<>()).put(v.checkName(), v);
            }
        };
        try {
            lockedRead(() -> {
                readEach(keep);
                readJournal(keep);
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
            locked(() -> {
                // 1. A snapshot this store cannot read is refused now, not hidden behind the journal.
                checkSnapshot();
                // 2. Appended to the journal after its last complete line; or, when that would make the
                //    journal more than half the snapshot, folded into the snapshot with the journal (a record
                //    of most of the project's checks rewrites the snapshot once, as before).
                long lineBytes = lines(List.of(verdicts.iterator().next())).length; // (a record's lines are alike)
                long journalAfter = (Files.exists(journal) ? Files.size(journal) : 0) + verdicts.size() * lineBytes;
                if (journalAfter > compactAbove && journalAfter * 2 > (Files.exists(file) ? Files.size(file) : 0)) {
                    compactLocked(verdicts);
                } else {
                    append(lines(verdicts));
                }
            });
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot record check verdicts at " + file + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /**
     * Folds the journal into the snapshot now (a record does when the journal would pass half
     * the snapshot); nothing when there is no journal.
     *
     * @throws StateException {@code STATE_CORRUPT} when either file cannot be read, {@code STATE_IO}
     *     when they cannot be written
     */
    void compact() {
        if (!Files.exists(journal)) {
            return;
        }
        try {
            locked(() -> compactLocked(List.of()));
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot compact check verdicts at " + file + ": " + e.getMessage(), e);
        }
    }

    /** Work done under the lock. */
    private interface LockedWork {
        void run() throws IOException;
    }

    /** Runs {@code work} holding this JVM's monitor of the file, then the file lock that keeps other processes out. */
    private void locked(LockedWork work) throws IOException {
        locked(work, false);
    }

    /**
     * As {@link #locked(LockedWork)}, for a read: where the lock file cannot be made or opened (a
     * read-only state directory, which no record can have written to since), the files are read
     * without it, as they were before the journal.
     */
    private void lockedRead(LockedWork work) throws IOException {
        locked(work, true);
    }

    private void locked(LockedWork work, boolean withoutLockFileWhereNone) throws IOException {
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            FileChannel channel;
            try {
                channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                if (!withoutLockFileWhereNone) {
                    throw e;
                }
                work.run();
                return;
            }
            try (channel; FileLock held = channel.lock()) {
                work.run();
            }
        }
    }

    /**
     * @throws StateException {@code STATE_CORRUPT} when the snapshot is not a JSON object or its
     *     {@code format_version} is not this store's (read from the first fields: a snapshot this
     *     store wrote starts with it)
     */
    private void checkSnapshot() throws IOException {
        JsonParser snapshot = openSnapshot();
        if (snapshot == null) {
            return;
        }
        try (JsonParser p = snapshot) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format_version")) {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != FORMAT_VERSION) {
                        throw corrupt(file, "its format_version is not " + FORMAT_VERSION, null);
                    }
                    return;
                }
                p.skipChildren();
            }
            throw corrupt(file, "its format_version is not " + FORMAT_VERSION, null);
        } catch (JsonProcessingException e) {
            throw corrupt(file, e.getMessage(), e);
        }
    }

    /** @return one journal line per verdict, each ended by a newline */
    private static byte[] lines(Collection<RecordedVerdict> verdicts) throws IOException {
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream(verdicts.size() * 128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(lines)) {
            g.setRootValueSeparator(null);
            InstantText times = new InstantText();
            for (RecordedVerdict v : verdicts) {
                write(g, v, times);
                g.writeRaw('\n');
            }
        }
        return lines.toByteArray();
    }

    /** Appends journal lines after cutting off an incomplete last line a killed writer left. */
    private void append(byte[] lines) throws IOException {
        try (FileChannel out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = completeLength(out);
            out.truncate(end);
            out.position(end);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(lines);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** @return the length of the channel's content up to and including its last newline (0 when it has none) */
    private static long completeLength(FileChannel channel) throws IOException {
        long size = channel.size();
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(4096);
        for (long end = size; end > 0; ) {
            long start = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - start));
            int read = 0;
            while (chunk.hasRemaining()) {
                int n = channel.read(chunk, start + read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            for (int i = read - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Streams the journal's complete lines to {@code sink}, in order; nothing when there is none.
     *
     * @throws StateException {@code STATE_CORRUPT} naming the journal when a complete line is not a verdict object
     */
    private void readJournal(VerdictSink sink) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(journal, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        }
        try (channel) {
            long complete = completeLength(channel);
            InputStream in = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(channel.position(0)), 1 << 16);
            InputStream bounded = new InputStream() { // the complete lines only: an incomplete last one is a killed append
                private long left = complete;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    left--;
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
            try (JsonParser p = Json.MAPPER.getFactory().createParser(bounded)) {
                VerdictReader reader = new VerdictReader();
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_OBJECT) {
                        throw corrupt(journal, "a line is not a JSON object", null);
                    }
                    sink.accept(reader.read(p));
                }
            } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
                throw corrupt(journal, e.getMessage(), e);
            }
        }
    }

    /** One asset check, as the file keys its verdicts. */
    private record Slot(AssetKey asset, String checkName) {
        static Slot of(RecordedVerdict v) {
            return new Slot(v.asset(), v.checkName());
        }
    }

    /** @return whether two verdicts are of the same asset check */
    private static boolean sameSlot(RecordedVerdict a, RecordedVerdict b) {
        return a.checkName().equals(b.checkName()) && a.asset().equals(b.asset());
    }

    /**
     * Folds the journal and {@code recorded} into the snapshot, under the lock. The snapshot is
     * streamed through, never held: each verdict it has is written back, or in its place the last
     * verdict of the same asset check recorded since (the journal's, then {@code recorded}'s); the
     * verdicts of other asset checks follow, in the order first recorded (the last of a repeated
     * one wins). A snapshot this store wrote never repeats an asset check. The new snapshot is
     * published by an atomic rename, then the journal is deleted.
     *
     * <p>A record of a whole project usually lists its asset checks in the snapshot's order (the
     * same selection materialized again; the snapshot's order is the order first recorded), so
     * {@link AlignedMerge} walks the two side by side and keeps no map of the record: at 100,000
     * tables that map was 300,000 entries live through the compaction, copied by every young
     * collection. Where the record stops lining up, the rest of it is looked up by asset check;
     * where it repeats an asset check of the lined-up part, the merge is done again by map
     * ({@link #writeByMap}), which is right for any record.
     *
     * @param recorded verdicts being recorded, after the journal's (not in it)
     */
    private void compactLocked(Collection<RecordedVerdict> recorded) throws IOException {
        Path temp = file.resolveSibling("." + FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
        boolean published = false;
        try {
            // 1. The journal's verdicts, the last of each asset check, in the order first recorded.
            Map<Slot, RecordedVerdict> journaled = new LinkedHashMap<>();
            readJournal(v -> journaled.put(Slot.of(v), v));
            // 2. The snapshot walked beside the record; 3. by map when the record repeats what lined up.
            if (!writeSnapshot(temp, g -> new AlignedMerge(journaled, recorded).write(g))) {
                Map<Slot, RecordedVerdict> fresh = new LinkedHashMap<>();
                readJournal(v -> fresh.put(Slot.of(v), v));
                recorded.forEach(v -> fresh.put(Slot.of(v), v));
                writeSnapshot(temp, g -> writeByMap(g, fresh));
            }
            // 4. Published whole, then the journal it holds is deleted.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            published = true;
            Files.deleteIfExists(journal);
        } finally {
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes a snapshot's verdicts to a generator. */
    private interface VerdictsWriter {
        /** @return false when what was written must not be published */
        boolean write(JsonGenerator g) throws IOException;
    }

    /** @return what {@code verdicts} returned, having written a snapshot of its verdicts to {@code temp} */
    private static boolean writeSnapshot(Path temp, VerdictsWriter verdicts) throws IOException {
        try (OutputStream os = Files.newOutputStream(temp);
                JsonGenerator g = Json.MAPPER.getFactory().createGenerator(os)) {
            g.writeStartObject();
            g.writeNumberField("format_version", FORMAT_VERSION);
            g.writeArrayFieldStart("verdicts");
            boolean complete = verdicts.write(g);
            g.writeEndArray();
            g.writeEndObject();
            return complete;
        }
    }

    /** The merge for any record: each snapshot verdict looked up in {@code fresh}, then what is left of it. */
    private boolean writeByMap(JsonGenerator g, Map<Slot, RecordedVerdict> fresh) throws IOException {
        InstantText times = new InstantText();
        readEach(old -> {
            RecordedVerdict replaced = fresh.remove(Slot.of(old));
            write(g, replaced == null ? old : replaced, times);
        });
        for (RecordedVerdict v : fresh.values()) {
            write(g, v, times);
        }
        return true;
    }

    /**
     * The snapshot and a record walked side by side: while the record's next verdict is of the
     * snapshot's next asset check it replaces it, with no look-up; from the first that is not, the
     * rest of the record is put in a map and each snapshot verdict looked up in it. The journal's
     * verdicts are looked up in their map throughout (the record's win: they are later).
     */
    private final class AlignedMerge implements VerdictSink {
        private final Map<Slot, RecordedVerdict> journaled;
        private final Collection<RecordedVerdict> recorded;
        private final java.util.Iterator<RecordedVerdict> cursor;
        private final InstantText times = new InstantText();
        private JsonGenerator g;
        private RecordedVerdict next;
        private int linedUp;
        private Map<Slot, RecordedVerdict> rest; // the record from the first verdict that did not line up

        AlignedMerge(Map<Slot, RecordedVerdict> journaled, Collection<RecordedVerdict> recorded) {
            this.journaled = journaled;
            this.recorded = recorded;
            this.cursor = recorded.iterator();
            this.next = cursor.hasNext() ? cursor.next() : null;
        }

        /** @return false when the record repeats an asset check of its lined-up part: what was written is wrong */
        boolean write(JsonGenerator g) throws IOException {
            this.g = g;
            readEach(this);
            if (rest == null) {
                rest = restOfRecord(); // (the record went past the snapshot's end, or not)
            }
            if (!rest.isEmpty()) {
                java.util.Iterator<RecordedVerdict> it = recorded.iterator();
                for (int i = 0; i < linedUp; i++) {
                    if (rest.containsKey(Slot.of(it.next()))) {
                        return false;
                    }
                }
            }
            for (Map.Entry<Slot, RecordedVerdict> e : journaled.entrySet()) {
                RecordedVerdict later = rest.remove(e.getKey());
                JsonFileCheckVerdictStore.write(g, later == null ? e.getValue() : later, times);
            }
            for (RecordedVerdict v : rest.values()) {
                JsonFileCheckVerdictStore.write(g, v, times);
            }
            return true;
        }

        @Override
        public void accept(RecordedVerdict old) throws IOException {
            if (rest == null && next != null && sameSlot(next, old)) {
                if (!journaled.isEmpty()) {
                    journaled.remove(Slot.of(old));
                }
                JsonFileCheckVerdictStore.write(g, next, times);
                linedUp++;
                next = cursor.hasNext() ? cursor.next() : null;
                return;
            }
            if (rest == null) {
                rest = restOfRecord();
            }
            Slot slot = rest.isEmpty() && journaled.isEmpty() ? null : Slot.of(old);
            RecordedVerdict replaced = slot == null ? null : rest.remove(slot);
            RecordedVerdict journal = slot == null || journaled.isEmpty() ? null : journaled.remove(slot);
            JsonFileCheckVerdictStore.write(g, replaced != null ? replaced : journal != null ? journal : old, times);
        }

        /** @return the record from {@link #next} on, the last of each asset check, in the order first recorded */
        private Map<Slot, RecordedVerdict> restOfRecord() {
            Map<Slot, RecordedVerdict> left = new LinkedHashMap<>();
            for (RecordedVerdict v = next; v != null; v = cursor.hasNext() ? cursor.next() : null) {
                left.put(Slot.of(v), v);
            }
            next = null;
            return left;
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
     * @return a parser of the snapshot at its top-level object's {@code START_OBJECT} (closing it
     *     closes the file), or {@code null} when there is no snapshot
     * @throws StateException {@code STATE_CORRUPT} when the snapshot is not a JSON object
     */
    private JsonParser openSnapshot() throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        JsonParser p = null;
        try {
            p = Json.MAPPER.getFactory().createParser(in);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(file, "it is not a JSON object", null);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                p.close();
            } else {
                in.close();
            }
            if (e instanceof JsonProcessingException j) {
                throw corrupt(file, j.getMessage(), j);
            }
            throw e;
        }
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
        JsonParser snapshot = openSnapshot();
        if (snapshot == null) {
            return;
        }
        try (JsonParser p = snapshot) {
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
                throw corrupt(file, "its format_version is not " + FORMAT_VERSION, null);
            }
            if (early != null) {
                for (JsonNode v : early) {
                    sink.accept(reader.read(v));
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(file, e.getMessage(), e);
        }
    }

    /**
     * Reads verdict objects. A value reads as {@link JsonNode#asText()} and
     * {@link JsonNode#asBoolean()} read it (a missing one as a missing node), whether streamed or
     * from a tree. Streamed, what repeats from one verdict to the next is not made again: the
     * asset key when it is the previous verdict's (the checks of one asset are recorded together),
     * a check name or severity already read, the {@code recorded_at} text and its instant (a
     * materialization stamps its verdicts with one): their characters are compared in the parser's
     * buffer, so reading a snapshot of a project's verdicts makes little more than the verdicts.
     */
    private static final class VerdictReader {
        private static final int POOL = 32;
        private String lastText;
        private Instant lastInstant;
        private AssetKey lastKey;
        private final List<String> parts = new ArrayList<>(4);
        private final String[] names = new String[POOL];
        private int nameCount;

        /** @param v a verdict object read as a tree */
        RecordedVerdict read(JsonNode v) {
            List<String> key = new ArrayList<>();
            v.path("asset_key").forEach(k -> key.add(k.asText()));
            return verdict(new AssetKey(key), v.path("check_name").asText(), v.path("passed").asBoolean(), v.path("severity").asText(),
                    v.path("recorded_at").asText());
        }

        /** @param p a parser at a verdict object's {@code START_OBJECT}; left at its {@code END_OBJECT} */
        RecordedVerdict read(JsonParser p) throws IOException {
            AssetKey key = null;
            String check = "";
            boolean passed = false;
            String severity = "";
            String at = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "asset_key" -> key = assetKey(p, t);
                    case "check_name" -> check = pooled(p);
                    case "passed" -> passed = bool(p);
                    case "severity" -> severity = pooled(p);
                    case "recorded_at" -> at = same(p, lastText);
                    default -> p.skipChildren();
                }
            }
            return verdict(key == null ? new AssetKey(List.of()) : key, check, passed, severity, at);
        }

        /**
         * @return the key at the parser's {@code asset_key} value: the previous verdict's instance
         *     when its segments are the same
         */
        private AssetKey assetKey(JsonParser p, JsonToken t) throws IOException {
            List<String> previous = lastKey == null ? List.of() : lastKey.path();
            boolean differs = false; // from the first segment that is not the previous key's, segments go to parts
            parts.clear();
            int n = 0;
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                boolean object = t == JsonToken.START_OBJECT; // an object's values, as a tree's forEach gives them
                while (object ? p.nextToken() == JsonToken.FIELD_NAME : p.nextToken() != JsonToken.END_ARRAY) {
                    if (object) {
                        p.nextToken();
                    }
                    if (!differs && n < previous.size() && matches(p, previous.get(n))) {
                        parts.add(previous.get(n));
                    } else {
                        differs = true;
                        parts.add(text(p));
                    }
                    n++;
                }
            }
            if (!differs && n == previous.size() && lastKey != null) {
                return lastKey;
            }
            lastKey = new AssetKey(parts);
            return lastKey;
        }

        /** @return the current value as {@link #text} gives it, the instance read before when one has its characters */
        private String pooled(JsonParser p) throws IOException {
            for (int i = 0; i < nameCount; i++) {
                if (matches(p, names[i])) {
                    return names[i];
                }
            }
            String text = text(p);
            if (nameCount < POOL) {
                names[nameCount++] = text;
            }
            return text;
        }

        /** @return the current value as {@link #text} gives it: {@code known} when that has its characters */
        private static String same(JsonParser p, String known) throws IOException {
            return known != null && matches(p, known) ? known : text(p);
        }

        /**
         * @return whether the current value is a string of {@code known}'s characters, compared in
         *     the parser's buffer (no string is made)
         */
        private static boolean matches(JsonParser p, String known) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() != known.length()) {
                return false;
            }
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            for (int i = 0; i < known.length(); i++) {
                if (chars[offset + i] != known.charAt(i)) {
                    return false;
                }
            }
            return true;
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

        private RecordedVerdict verdict(AssetKey key, String check, boolean passed, String severity, String at) {
            if (!at.equals(lastText)) {
                lastInstant = Instant.parse(at);
                lastText = at;
            }
            return new RecordedVerdict(key, check, passed, CheckSeverity.valueOf(severity), lastInstant);
        }
    }

    private static StateException corrupt(Path where, String why, Exception cause) {
        return new StateException(ErrorCode.STATE_CORRUPT, "the check verdicts at " + where + " cannot be read (" + why
                + "); delete the file to start a new record", cause);
    }
}
