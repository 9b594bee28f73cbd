package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.spec.AssetKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileCheckVerdictStoreTest {

    @TempDir
    Path dir;

    private static RecordedVerdict v(String table, String check, boolean passed, String at) {
        return new RecordedVerdict(AssetKey.of("raw", table), check, passed, passed ? CheckSeverity.ERROR : CheckSeverity.WARN,
                Instant.parse(at));
    }

    @Test
    void aNewVerdictReplacesTheOldOneOfItsCheckAndKeepsTheOthers() {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir.resolve("state"));
        assertThat(store.last(Set.of(AssetKey.of("raw", "a")))).as("nothing recorded yet").isEmpty();

        store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"), v("a", "freshness", false, "2026-12-01T00:00:00Z"),
                v("b", "row_count", true, "2026-12-01T00:00:00Z")));
        store.record(List.of(v("a", "row_count", false, "2026-12-02T00:00:00Z")));

        var last = new JsonFileCheckVerdictStore(dir.resolve("state")).last(Set.of(AssetKey.of("raw", "a")));
        assertThat(last).containsOnlyKeys(AssetKey.of("raw", "a"));
        assertThat(last.get(AssetKey.of("raw", "a")).get("row_count")).isEqualTo(v("a", "row_count", false, "2026-12-02T00:00:00Z"));
        assertThat(last.get(AssetKey.of("raw", "a")).get("freshness").passed()).isFalse();
        assertThat(store.location()).endsWith("state/" + JsonFileCheckVerdictStore.FILE_NAME);
    }

    /** What the store's last() returns for every asset of {@code expected}, as a map of asset check → verdict. */
    private static java.util.Map<List<Object>, RecordedVerdict> read(JsonFileCheckVerdictStore store,
            java.util.Collection<RecordedVerdict> expected) {
        Set<AssetKey> assets = new java.util.HashSet<>();
        expected.forEach(e -> assets.add(e.asset()));
        java.util.Map<List<Object>, RecordedVerdict> out = new java.util.HashMap<>();
        store.last(assets).forEach((asset, byName) -> byName.forEach((name, v) -> out.put(List.of(asset, name), v)));
        return out;
    }

    /** The snapshot a merge of every record into the whole file in memory writes, in order. */
    private static String wholeFileMerge(java.util.Collection<RecordedVerdict> expected) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode().put("format_version", 1);
        com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("verdicts");
        for (RecordedVerdict e : expected) {
            com.fasterxml.jackson.databind.node.ObjectNode o = list.addObject();
            e.asset().path().forEach(o.putArray("asset_key")::add);
            o.put("check_name", e.checkName()).put("passed", e.passed()).put("severity", e.severity().name())
                    .put("recorded_at", e.recordedAt().toString());
        }
        return json.writeValueAsString(root);
    }

    /**
     * A seeded series of records, compacted now and then (by hand and by size): after each record
     * every verdict reads back as the last recorded of its asset check, and after each compaction
     * the snapshot is byte for byte what a merge of the whole file in memory writes: the verdicts
     * already there in their order, each replaced in place by a new verdict of the same asset
     * check, then the new ones in the order first recorded, the last of a repeated one winning.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void recordsReadBackAsRecordedAndACompactionWritesWhatAWholeFileMergeWould(long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir, rnd.nextBoolean() ? 0 : 1L << 20);
        java.util.Map<List<Object>, RecordedVerdict> expected = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 8; round++) {
            List<RecordedVerdict> batch = new ArrayList<>();
            String at = Instant.parse("2026-12-05T08:00:00Z").plusSeconds(rnd.nextInt(4) * 3600L + round).toString();
            for (int i = 0, n = 1 + rnd.nextInt(30); i < n; i++) {
                String check = List.of("row_count", "column_match", "freshness", "null_rate_\"q\"").get(rnd.nextInt(4));
                boolean passed = rnd.nextBoolean();
                String when = rnd.nextInt(5) == 0 ? "2026-01-01T00:00:00.5Z" : at;
                // keys of one to three segments sharing prefixes (the reader reuses the previous verdict's key
                // when its segments are the same), or the usual two-segment table key
                AssetKey asset = switch (rnd.nextInt(4)) {
                    case 0 -> AssetKey.of("raw");
                    case 1 -> AssetKey.of("raw", "t" + rnd.nextInt(3), "x");
                    default -> AssetKey.of("raw", "t" + rnd.nextInt(20));
                };
                batch.add(new RecordedVerdict(asset, check, passed, passed ? CheckSeverity.ERROR : CheckSeverity.WARN, Instant.parse(when)));
            }
            store.record(batch);
            batch.forEach(b -> expected.put(List.of(b.asset(), b.checkName()), b));

            assertThat(read(new JsonFileCheckVerdictStore(dir), expected.values())).as("round %d", round).isEqualTo(expected);
            if (rnd.nextBoolean()) {
                store.compact();
                assertThat(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME)).doesNotExist();
                assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).isEqualTo(wholeFileMerge(expected.values()));
            }
        }
        store.compact();
        assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).isEqualTo(wholeFileMerge(expected.values()));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file or journal left")
                    .containsExactlyInAnyOrder(JsonFileCheckVerdictStore.FILE_NAME, "check-verdicts.lock");
        }
    }

    /**
     * Seeded records shaped like a project materialized again: the snapshot's asset checks in its
     * order (all of them or a first part), then, by turns, new asset checks, one of the lined-up
     * part repeated, two neighbours swapped, one left out, a journal written before; every
     * compaction writes what a merge of the whole file in memory writes.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void aRecordInTheSnapshotsOrderCompactsToWhatAWholeFileMergeWould(long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir, 0);
        java.util.Map<List<Object>, RecordedVerdict> expected = new java.util.LinkedHashMap<>();
        List<RecordedVerdict> first = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            for (String check : List.of("row_count", "freshness")) {
                first.add(v("t" + t, check, true, "2026-12-05T00:00:00Z"));
            }
        }
        store.record(first);
        first.forEach(b -> expected.put(List.of(b.asset(), b.checkName()), b));
        int compactions = 0;
        for (int round = 1; round <= 10; round++) {
            String at = Instant.parse("2026-12-05T00:00:00Z").plusSeconds(round).toString();
            if (rnd.nextInt(3) == 0) { // a small record first: it goes to the journal
                List<RecordedVerdict> small = List.of(v("t" + rnd.nextInt(60), "row_count", rnd.nextBoolean(), at),
                        v("j" + round, "freshness", false, at));
                store.record(small);
                small.forEach(b -> expected.put(List.of(b.asset(), b.checkName()), b));
            }
            List<RecordedVerdict> batch = new ArrayList<>();
            List<RecordedVerdict> order = new ArrayList<>(expected.values());
            int linedUp = rnd.nextBoolean() ? order.size() : order.size() / 2 + rnd.nextInt(order.size() / 2);
            for (int i = 0; i < linedUp; i++) {
                RecordedVerdict o = order.get(i);
                boolean passed = rnd.nextInt(4) != 0;
                batch.add(new RecordedVerdict(o.asset(), o.checkName(), passed, passed ? CheckSeverity.ERROR : CheckSeverity.WARN,
                        Instant.parse(at)));
            }
            switch (rnd.nextInt(5)) {
                case 0 -> batch.add(v("n" + round, "row_count", true, at)); // a new asset check past the lined-up part
                case 1 -> batch.add(batch.get(rnd.nextInt(batch.size()))); // an asset check of the lined-up part again
                case 2 -> java.util.Collections.swap(batch, 3, 4);
                case 3 -> batch.remove(rnd.nextInt(batch.size()));
                default -> { }
            }
            store.record(batch);
            batch.forEach(b -> expected.put(List.of(b.asset(), b.checkName()), b));
            if (Files.exists(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME))) {
                store.compact();
            } else {
                compactions++;
            }
            assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).as("round %d", round)
                    .isEqualTo(wholeFileMerge(expected.values()));
            assertThat(read(new JsonFileCheckVerdictStore(dir), expected.values())).as("round %d", round).isEqualTo(expected);
        }
        assertThat(compactions).as("records that compacted").isPositive();
    }

    @Test
    void aRecordAppendsItsOwnVerdictsAndLeavesTheSnapshotAlone() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        List<RecordedVerdict> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(v("t" + i, "row_count", true, "2026-12-01T00:00:00Z"));
        }
        store.record(many);
        store.compact();
        Path snapshot = dir.resolve(JsonFileCheckVerdictStore.FILE_NAME);
        String before = Files.readString(snapshot);

        store.record(List.of(v("t7", "row_count", false, "2026-12-02T00:00:00Z"), v("new", "freshness", true, "2026-12-02T00:00:00Z")));

        assertThat(Files.readString(snapshot)).as("not rewritten").isEqualTo(before);
        assertThat(Files.readAllLines(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME))).hasSize(2);
        var last = store.last(Set.of(AssetKey.of("raw", "t7"), AssetKey.of("raw", "t8"), AssetKey.of("raw", "new")));
        assertThat(last.get(AssetKey.of("raw", "t7")).get("row_count")).isEqualTo(v("t7", "row_count", false, "2026-12-02T00:00:00Z"));
        assertThat(last.get(AssetKey.of("raw", "t8")).get("row_count").passed()).isTrue();
        assertThat(last.get(AssetKey.of("raw", "new"))).containsOnlyKeys("freshness");
    }

    @Test
    void aJournalLargerThanTheSnapshotIsFoldedIntoItByTheRecord() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir, 0);
        store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z")));
        assertThat(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME)).as("larger than no snapshot: folded").doesNotExist();
        assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME)))
                .isEqualTo(wholeFileMerge(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"))));
    }

    /** A process killed while appending leaves half a line: read past, cut off before the next append. */
    @Test
    void anIncompleteLastLineIsIgnoredAndCutOffByTheNextRecord() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z")));
        Path journal = dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME);
        Files.writeString(journal, "{\"asset_key\": [\"raw\", \"b\"], \"check_na", java.nio.file.StandardOpenOption.APPEND);

        assertThat(store.last(Set.of(AssetKey.of("raw", "a"), AssetKey.of("raw", "b")))).containsOnlyKeys(AssetKey.of("raw", "a"));

        store.record(List.of(v("b", "row_count", false, "2026-12-02T00:00:00Z")));
        assertThat(Files.readAllLines(journal)).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        store.compact();
        assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).isEqualTo(wholeFileMerge(
                List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"), v("b", "row_count", false, "2026-12-02T00:00:00Z"))));
    }

    /** Killed between publishing a compaction and deleting the journal: the journal's verdicts are the snapshot's already. */
    @Test
    void aJournalLeftBehindByACompactionChangesNothing() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        List<RecordedVerdict> recorded = List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"),
                v("a", "row_count", false, "2026-12-02T00:00:00Z"), v("b", "freshness", true, "2026-12-02T00:00:00Z"));
        store.record(recorded);
        Path journal = dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME);
        byte[] lines = Files.readAllBytes(journal);
        store.compact();
        String snapshot = Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME));
        Files.write(journal, lines);

        var last = store.last(Set.of(AssetKey.of("raw", "a"), AssetKey.of("raw", "b")));
        assertThat(last.get(AssetKey.of("raw", "a")).get("row_count")).isEqualTo(v("a", "row_count", false, "2026-12-02T00:00:00Z"));
        store.compact();
        assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).isEqualTo(snapshot);
    }

    /**
     * Where no lock file can be opened (a read-only state directory; here a directory in the lock
     * file's place, which fails the same way for any user), the verdicts are still read, journal included.
     */
    @Test
    void verdictsAreReadWhereTheLockFileCannotBeOpened() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z")));
        store.record(List.of(v("a", "row_count", false, "2026-12-02T00:00:00Z")));
        assertThat(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME)).exists();
        Files.delete(dir.resolve("check-verdicts.lock"));
        Files.createDirectory(dir.resolve("check-verdicts.lock"));

        assertThat(store.last(Set.of(AssetKey.of("raw", "a"))).get(AssetKey.of("raw", "a")).get("row_count"))
                .isEqualTo(v("a", "row_count", false, "2026-12-02T00:00:00Z"));
        assertThatThrownBy(() -> store.record(List.of(v("b", "row_count", true, "2026-12-02T00:00:00Z"))))
                .as("a record still needs the lock").isInstanceOfSatisfying(StateException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO));
    }

    @Test
    void aJournalLineThatIsNotAVerdictIsRefusedNamingTheJournal() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z")));
        Files.writeString(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME), "[1, 2]\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> store.last(Set.of(AssetKey.of("raw", "a")))).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
            assertThat(e.getMessage()).contains(JsonFileCheckVerdictStore.JOURNAL_NAME).contains("delete the file");
        });
    }

    /** The streamed reading (version first, as this store writes) reads odd values as the tree reading (verdicts first) does. */
    @Test
    void oddValuesReadTheSameStreamedAsFromATree() throws Exception {
        String verdicts = "[{\"asset_key\": [\"raw\", \"7\", \"x\"], \"check_name\": \"12\", \"passed\": false, \"severity\": \"WARN\", "
                + "\"recorded_at\": \"2026-12-02T10:00:00Z\"},"
                + "{\"asset_key\": [\"raw\", 7], \"check_name\": 12, \"passed\": \" true \", \"severity\": \"WARN\", "
                + "\"recorded_at\": \"2026-12-02T10:00:00Z\", \"extra\": {\"a\": [1, {\"b\": null}]}},"
                + "{\"recorded_at\": \"2026-12-02T11:00:00Z\", \"severity\": \"ERROR\", \"passed\": 2, \"check_name\": null, "
                + "\"asset_key\": [\"raw\", \"t\"]},"
                + "{\"asset_key\": [\"raw\", \"t\"], \"check_name\": \"row_count\", \"passed\": \"yes\", \"severity\": \"ERROR\", "
                + "\"recorded_at\": \"2026-12-02T11:00:00Z\"},"
                + "{\"asset_key\": [\"raw\", \"t\"], \"check_name\": \"freshness\", \"passed\": 0, \"severity\": \"ERROR\", "
                + "\"recorded_at\": \"2026-12-02T11:00:00.250Z\"}]";
        Path streamed = dir.resolve("streamed");
        Path tree = dir.resolve("tree");
        Files.createDirectories(streamed);
        Files.createDirectories(tree);
        Files.writeString(streamed.resolve(JsonFileCheckVerdictStore.FILE_NAME), "{\"format_version\": 1, \"verdicts\": " + verdicts + "}");
        Files.writeString(tree.resolve(JsonFileCheckVerdictStore.FILE_NAME), "{\"verdicts\": " + verdicts + ", \"format_version\": 1}");
        Set<AssetKey> assets = Set.of(AssetKey.of("raw", "7"), AssetKey.of("raw", "t"), AssetKey.of("raw", "7", "x"));

        var read = new JsonFileCheckVerdictStore(streamed).last(assets);

        assertThat(read).isEqualTo(new JsonFileCheckVerdictStore(tree).last(assets));
        assertThat(read.get(AssetKey.of("raw", "7")).get("12").passed()).as("a key that is the previous one's prefix").isTrue();
        assertThat(read.get(AssetKey.of("raw", "7", "x")).get("12").passed()).isFalse();
        assertThat(read.get(AssetKey.of("raw", "t")).get("null").passed()).isTrue();
        assertThat(read.get(AssetKey.of("raw", "t")).get("row_count").passed()).isFalse();
        assertThat(read.get(AssetKey.of("raw", "t")).get("freshness").recordedAt()).isEqualTo(Instant.parse("2026-12-02T11:00:00.250Z"));
    }

    @Test
    void aFileWhoseVerdictsComeBeforeItsVersionIsStillRead() throws Exception {
        Files.writeString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME), "{\"verdicts\": [{\"asset_key\": [\"raw\", \"t\"], "
                + "\"check_name\": \"row_count\", \"passed\": true, \"severity\": \"ERROR\", \"recorded_at\": "
                + "\"2026-12-02T10:00:00Z\", \"note\": {\"kept\": [1]}}], \"written_by\": \"hand\", \"format_version\": 1}");

        assertThat(new JsonFileCheckVerdictStore(dir).last(Set.of(AssetKey.of("raw", "t")))).containsExactly(java.util.Map.entry(
                AssetKey.of("raw", "t"), java.util.Map.of("row_count", v("t", "row_count", true, "2026-12-02T10:00:00Z"))));
    }

    @Test
    void aCorruptFileIsRefusedByNameAndIsNotOverwrittenByARecord() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME), "{\"format_version\": 9, \"verdicts\": []}");
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);

        assertThatThrownBy(() -> store.last(Set.of(AssetKey.of("raw", "a")))).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
            assertThat(e.getMessage()).contains(JsonFileCheckVerdictStore.FILE_NAME).contains("delete the file");
        });
        assertThatThrownBy(() -> store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"))))
                .isInstanceOf(StateException.class);
        assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME))).contains("\"format_version\": 9");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"not json", "[1, 2]", "{\"format_version\": ", ""})
    void aSnapshotThatIsNotAVerdictObjectIsRefusedByReadsAndRecordsAndKept(String content) throws Exception {
        Path snapshot = dir.resolve(JsonFileCheckVerdictStore.FILE_NAME);
        Files.writeString(snapshot, content);
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);

        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> store.last(Set.of(AssetKey.of("raw", "a"))),
                () -> store.record(List.of(v("a", "row_count", true, "2026-12-01T00:00:00Z"))))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
                assertThat(e.getMessage()).contains(JsonFileCheckVerdictStore.FILE_NAME).contains("delete the file");
            });
        }
        assertThat(Files.readString(snapshot)).isEqualTo(content);
        assertThat(dir.resolve(JsonFileCheckVerdictStore.JOURNAL_NAME)).doesNotExist();
    }

    @Test
    void concurrentRecordsFromManyThreadsAllSurvive() throws Exception {
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String table = "t" + i;
                done.add(pool.submit(() -> store.record(List.of(v(table, "row_count", true, "2026-12-01T00:00:00Z")))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Set<AssetKey> all = new java.util.HashSet<>();
        for (int i = 0; i < 24; i++) {
            all.add(AssetKey.of("raw", "t" + i));
        }
        assertThat(store.last(all)).hasSize(24);
    }
}
