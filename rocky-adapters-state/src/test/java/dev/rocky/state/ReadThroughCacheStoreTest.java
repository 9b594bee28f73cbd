package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.LogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadThroughCacheStoreTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final LogSink log = (level, message) -> {
        if (level == LogSink.Level.WARN) {
            warnings.add(message);
        }
    };

    private static byte[] doc(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCacheThatCannotBeWrittenIsAWarningAndNeverFailsTheReadOrTheWrite() throws Exception {
        Path blocked = dir.resolve("cache");
        Files.writeString(blocked, "a file where the cache directory should be");
        ReadThroughCacheStore store = new ReadThroughCacheStore(new VersionedDirectoryStateStore(dir.resolve("versions"), "k", 5),
                blocked.resolve("k"), log);
        String version = store.write(doc("one")).version().orElseThrow();
        assertThat(store.read().orElseThrow().version()).contains(version);
        assertThat(warnings).isNotEmpty().allSatisfy(w -> assertThat(w).contains("cannot cache state version " + version)
                .contains(blocked.toString()));
    }

    @Test
    void onlyTheNewestCopiesAreKeptAndAVersionTheBackendLostIsAnsweredFromItsCopy() throws Exception {
        VersionedDirectoryStateStore backend = new VersionedDirectoryStateStore(dir.resolve("versions"), "k", 10, Duration.ZERO);
        ReadThroughCacheStore store = new ReadThroughCacheStore(backend, dir.resolve("cache"), log);
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = store.write(doc("v" + i)).version().orElseThrow();
        }
        try (var copies = Files.list(dir.resolve("cache"))) {
            assertThat(copies.map(p -> p.getFileName().toString()).filter(n -> n.length() == 36))
                    .hasSize(ReadThroughCacheStore.CACHED_VERSIONS).contains(last);
        }
        Files.delete(backend.directory().resolve(last));
        String missing = last;
        assertThat(store.read()).as("the pod's copy of that exact version answers").hasValueSatisfying(
                s -> assertThat(s.version()).contains(missing));
        assertThat(warnings).singleElement().asString().contains("names version " + last + ", which is not there")
                .contains("cached copy of that same version");
        ReadThroughCacheStore noCopy = new ReadThroughCacheStore(backend, dir.resolve("other-pod"), log);
        assertThatThrownBy(noCopy::read).as("without a copy of that version the error stands")
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT));
    }
}
