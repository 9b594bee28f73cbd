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
