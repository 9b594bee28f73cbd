package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionedDirectoryStateStoreTest {

    @TempDir
    Path base;

    private static byte[] doc(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<StoredState> s) {
        return new String(s.orElseThrow().content(), StandardCharsets.UTF_8);
    }

    @Test
    void aWriteIsANewVersionThatLoadsReadWithItsId() {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "RockyComponent[rocky.toml]", 5);
        assertThat(store.read()).isEmpty();
        WrittenState first = store.write(doc("one"));
        WrittenState second = store.write(doc("two"));
        assertThat(store.read().orElseThrow().version()).isEqualTo(second.version());
        assertThat(text(store.read())).isEqualTo("two");
        assertThat(text(store.read(first.version().orElseThrow()))).as("a pinned version stays readable").isEqualTo("one");
        assertThat(second.file()).hasValueSatisfying(f -> assertThat(f.getParent()).isEqualTo(store.directory()));
        assertThat(store.directory()).isEqualTo(base.resolve("RockyComponent__rocky.toml__"));
    }

    @Test
    void versionsAreListedNewestFirstWithTheLatestMarkedAndRollbackMovesThePointer() {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 5);
        String one = store.write(doc("one")).version().orElseThrow();
        String two = store.write(doc("two")).version().orElseThrow();
        List<StateVersion> versions = store.versions();
        assertThat(versions).extracting(StateVersion::id).containsExactlyInAnyOrder(one, two);
        assertThat(versions).filteredOn(StateVersion::latest).extracting(StateVersion::id).containsExactly(two);
        store.rollback(one);
        assertThat(text(store.read())).isEqualTo("one");
        assertThat(store.versions()).filteredOn(StateVersion::latest).extracting(StateVersion::id).containsExactly(one);
    }

    @Test
    void rollingBackToAnUnknownVersionNamesTheKeptOnes() {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 5);
        String one = store.write(doc("one")).version().orElseThrow();
        assertThatThrownBy(() -> store.rollback("00000000-0000-0000-0000-000000000000"))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISSING);
                    assertThat(e.getMessage()).contains(one);
                });
        assertThatThrownBy(() -> store.rollback("../../etc/passwd")).isInstanceOf(StateException.class);
        assertThat(text(store.read())).isEqualTo("one");
    }

    @Test
    void onlyTheNewestVersionsAreKept() {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 3, java.time.Duration.ZERO);
        for (int i = 0; i < 7; i++) {
            store.write(doc("v" + i));
        }
        assertThat(store.versions()).hasSize(3);
        assertThat(text(store.read())).isEqualTo("v6");
    }

    @Test
    void compareAndSetFailsWhenThePointerMovedSinceItWasRead() {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 5);
        String one = store.write(doc("one")).version().orElseThrow();
        String two = store.write(doc("two")).version().orElseThrow();
        DirectoryVersionStorage storage = store.storage();
        var seenAtTwo = storage.pointer();
        assertThat(seenAtTwo).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(two));
        assertThat(storage.movePointer(Optional.of(new dev.rocky.core.state.VersionPointer(one, one + "\n")), one)).isFalse();
        assertThat(storage.movePointer(seenAtTwo, one)).isTrue();
        assertThat(storage.movePointer(seenAtTwo, two)).as("a second move from the same read loses").isFalse();
        assertThat(text(store.read())).isEqualTo("one");
    }

    @Test
    void concurrentWritersEachLeaveAWholeVersionAndThePointerOnOneOfThem() throws Exception {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<WrittenState>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String content = "doc-" + i + "-" + "x".repeat(10_000);
            writes.add(pool.submit(() -> store.write(doc(content))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<WrittenState> w : writes) {
            ids.add(w.get().version().orElseThrow());
        }
        pool.shutdown();
        assertThat(store.versions()).hasSize(40);
        assertThat(ids).contains(store.read().orElseThrow().version().orElseThrow());
        for (String id : ids) {
            assertThat(text(store.read(id))).startsWith("doc-").hasSize("doc-".length() + String.valueOf(ids.indexOf(id)).length()
                    + 1 + 10_000);
        }
    }

    @Test
    void aPointerToAMissingVersionIsACorruptStateNotAnEmptyOne() throws Exception {
        VersionedDirectoryStateStore store = new VersionedDirectoryStateStore(base, "k", 5);
        String one = store.write(doc("one")).version().orElseThrow();
        java.nio.file.Files.delete(store.directory().resolve(one));
        assertThatThrownBy(store::read).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.getMessage()).contains("names version " + one).contains("state rollback"));
    }
}
