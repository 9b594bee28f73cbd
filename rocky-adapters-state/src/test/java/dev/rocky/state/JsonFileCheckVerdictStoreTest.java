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

    /**
     * The file after each of a seeded series of records, byte for byte what a merge of the whole
     * file in memory writes: the verdicts already there in their order, each replaced in place by a
     * new verdict of the same asset check, then the new ones in the order given, the last of a
     * repeated one winning (the store streams the file through instead of holding it).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aRecordWritesWhatAWholeFileMergeWouldWrite(long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        JsonFileCheckVerdictStore store = new JsonFileCheckVerdictStore(dir);
        java.util.Map<List<Object>, RecordedVerdict> expected = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int round = 0; round < 6; round++) {
            List<RecordedVerdict> batch = new ArrayList<>();
            String at = Instant.parse("2026-12-05T08:00:00Z").plusSeconds(rnd.nextInt(4) * 3600L + round).toString();
            for (int i = 0, n = 1 + rnd.nextInt(30); i < n; i++) {
                String check = List.of("row_count", "column_match", "freshness", "null_rate_\"q\"").get(rnd.nextInt(4));
                batch.add(v("t" + rnd.nextInt(20), check, rnd.nextBoolean(), rnd.nextInt(5) == 0 ? "2026-01-01T00:00:00.5Z" : at));
            }
            store.record(batch);
            batch.forEach(b -> expected.put(List.of(b.asset(), b.checkName()), b));

            com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode().put("format_version", 1);
            com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("verdicts");
            for (RecordedVerdict e : expected.values()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = list.addObject();
                e.asset().path().forEach(o.putArray("asset_key")::add);
                o.put("check_name", e.checkName()).put("passed", e.passed()).put("severity", e.severity().name())
                        .put("recorded_at", e.recordedAt().toString());
            }
            assertThat(Files.readString(dir.resolve(JsonFileCheckVerdictStore.FILE_NAME)))
                    .isEqualTo(json.writeValueAsString(root));
            assertThat(store.last(Set.of(AssetKey.of("raw", "t0"), AssetKey.of("raw", "t7"))).values().stream()
                    .mapToInt(java.util.Map::size).sum())
                    .isEqualTo((int) expected.values().stream().filter(e -> e.asset().equals(AssetKey.of("raw", "t0"))
                            || e.asset().equals(AssetKey.of("raw", "t7"))).count());
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder(JsonFileCheckVerdictStore.FILE_NAME, "check-verdicts.lock");
        }
    }

    /** The streamed reading (version first, as this store writes) reads odd values as the tree reading (verdicts first) does. */
    @Test
    void oddValuesReadTheSameStreamedAsFromATree() throws Exception {
        String verdicts = "[{\"asset_key\": [\"raw\", 7], \"check_name\": 12, \"passed\": \" true \", \"severity\": \"WARN\", "
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
        Set<AssetKey> assets = Set.of(AssetKey.of("raw", "7"), AssetKey.of("raw", "t"));

        var read = new JsonFileCheckVerdictStore(streamed).last(assets);

        assertThat(read).isEqualTo(new JsonFileCheckVerdictStore(tree).last(assets));
        assertThat(read.get(AssetKey.of("raw", "7")).get("12").passed()).isTrue();
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
