package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesystemStateStoreTest {

    @TempDir
    Path root;

    @Test
    void aWriteRemovesTemporariesAKilledWriterLeftButNotALiveOnes() throws Exception {
        Path file = root.resolve("k/state");
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(file);
        store.write("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path stale = Files.writeString(file.resolveSibling(".state.tmp-stale"), "torn");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                - LocalFilesystemStateStore.STALE_TEMPORARY.toMillis() - 60_000));
        Path live = Files.writeString(file.resolveSibling(".state.tmp-live"), "being written");
        store.write("{\"a\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(Files.readString(file)).isEqualTo("{\"a\":2}");
    }

    @Test
    void usesDagstersLayoutAndTheReferenceKey() {
        assertThat(LocalFilesystemStateStore.componentKey("rocky.toml")).isEqualTo("RockyComponent__rocky.toml__");
        assertThat(LocalFilesystemStateStore.componentKey("config/rocky prod.toml")).isEqualTo("RockyComponent__config__rocky__prod.toml__");
        assertThat(LocalFilesystemStateStore.statePath(root, "RockyComponent[rocky.toml]"))
                .isEqualTo(root.resolve(".local_defs_state/RockyComponent__rocky.toml__/state"));
    }

    @Test
    void aKeyCannotLeaveTheStateFolder() {
        for (String key : new String[] {"..", ".", "../../etc", "a/../../b", "", "/abs"}) {
            Path p = LocalFilesystemStateStore.statePath(root, key).normalize();
            assertThat(p.startsWith(root.resolve(".local_defs_state"))).as(key).isTrue();
            assertThat(p.getParent().getParent()).as(key).isEqualTo(root.resolve(".local_defs_state"));
        }
    }

    @Test
    void readsWhatItWroteAndNothingBefore() {
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(root, "k"));
        assertThat(store.read()).isEmpty();
        store.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        store.write("{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(store.read().orElseThrow().content(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":2}");
        assertThat(store.read().orElseThrow().location()).isEqualTo(store.file().toString());
    }

    @Test
    void aFailedWriteLeavesThePreviousStateAndNoTemporaryFile() throws IOException {
        Path file = LocalFilesystemStateStore.statePath(root, "k");
        new LocalFilesystemStateStore(file).write("old".getBytes(StandardCharsets.UTF_8));
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(file, (temp, target) -> {
            assertThat(Files.readString(temp)).isEqualTo("new");
            throw new IOException("No space left on device");
        });
        Path dir = store.file().getParent();
        assertThatThrownBy(() -> store.write("new".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO);
                    assertThat(e.getMessage()).contains(store.file().toString()).contains("No space left on device")
                            .contains("previous state is intact");
                });
        assertThat(Files.readString(store.file())).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void anUnreadableStateIsAnIoError() throws IOException {
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(root.resolve("dir-not-file"));
        Files.createDirectories(store.file());
        assertThatThrownBy(store::read).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO));
    }

    /** A document written in seeded chunks, whose check records what it read back and may refuse it. */
    private static final class Chunked implements dev.rocky.core.state.StateDocument {
        final byte[] bytes;
        final RuntimeException refuse;
        final IOException failAfterHalf;
        String checked;
        String stateDuringCheck;
        Path stateFile;

        Chunked(byte[] bytes, RuntimeException refuse, IOException failAfterHalf) {
            this.bytes = bytes;
            this.refuse = refuse;
            this.failAfterHalf = failAfterHalf;
        }

        @Override
        public void writeTo(java.io.OutputStream out) throws IOException {
            java.util.Random random = new java.util.Random(bytes.length);
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(100_000));
                out.write(bytes, at, n);
                at += n;
                if (failAfterHalf != null && at >= bytes.length / 2) {
                    throw failAfterHalf;
                }
            }
        }

        @Override
        public void check(java.io.InputStream written) throws IOException {
            checked = new String(written.readAllBytes(), StandardCharsets.UTF_8);
            stateDuringCheck = Files.readString(stateFile);
            if (refuse != null) {
                throw refuse;
            }
        }
    }

    private static byte[] bigDocument() {
        return ("{\"a\":\"" + "x".repeat(700_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedDocumentIsCheckedFromTheWrittenFileBeforeItReplacesTheState() throws IOException {
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(root, "k"));
        store.write("old".getBytes(StandardCharsets.UTF_8));
        Chunked doc = new Chunked(bigDocument(), null, null);
        doc.stateFile = store.file();
        dev.rocky.core.state.WrittenState written = store.write(doc);
        assertThat(doc.checked).isEqualTo(new String(doc.bytes, StandardCharsets.UTF_8));
        assertThat(doc.stateDuringCheck).isEqualTo("old");
        assertThat(Files.readAllBytes(store.file())).isEqualTo(doc.bytes);
        assertThat(written.file()).contains(store.file());
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void aStreamedDocumentItsCheckRefusesOrThatFailsMidWriteLeavesThePreviousStateAndNoTemporaryFile() throws IOException {
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(LocalFilesystemStateStore.statePath(root, "k"));
        store.write("old".getBytes(StandardCharsets.UTF_8));
        Chunked refused = new Chunked(bigDocument(), new StateException(ErrorCode.STATE_CORRUPT, "nested too deep at $.discover",
                null), null);
        refused.stateFile = store.file();
        assertThatThrownBy(() -> store.write(refused)).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
            assertThat(e.getMessage()).isEqualTo("nested too deep at $.discover");
        });
        Chunked full = new Chunked(bigDocument(), null, new IOException("No space left on device"));
        full.stateFile = store.file();
        assertThatThrownBy(() -> store.write(full)).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO);
            assertThat(e.getMessage()).contains(store.file().toString()).contains("No space left on device")
                    .contains("previous state is intact");
        });
        assertThat(full.checked).as("a document that failed while written is never checked").isNull();
        assertThat(Files.readString(store.file())).isEqualTo("old");
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertThat(files).containsExactly(store.file());
        }
    }
}
