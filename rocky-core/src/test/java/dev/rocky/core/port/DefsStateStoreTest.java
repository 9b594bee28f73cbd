package dev.rocky.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.state.StateDocument;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default {@link DefsStateStore#write(StateDocument)} of a store that writes bytes only. */
class DefsStateStoreTest {

    /** A store that keeps every document it was asked to write. */
    private static final class Bytes implements DefsStateStore {
        final List<String> writes = new ArrayList<>();

        @Override
        public Optional<StoredState> read() {
            return writes.isEmpty() ? Optional.empty()
                    : Optional.of(new StoredState(writes.get(writes.size() - 1).getBytes(StandardCharsets.UTF_8), location()));
        }

        @Override
        public WrittenState write(byte[] content) {
            writes.add(new String(content, StandardCharsets.UTF_8));
            return new WrittenState(location(), Optional.empty(), Optional.empty());
        }

        @Override
        public String location() {
            return "mem";
        }
    }

    /** Writes its text in two parts; its check records what it read and throws what it was given. */
    private static StateDocument document(String text, RuntimeException refuse, IOException fail, List<String> checked) {
        return new StateDocument() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length / 2);
                if (fail != null) {
                    throw fail;
                }
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            }

            @Override
            public void check(InputStream written) throws IOException {
                checked.add(new String(written.readAllBytes(), StandardCharsets.UTF_8));
                if (refuse != null) {
                    throw refuse;
                }
            }
        };
    }

    @Test
    void theDocumentIsCheckedThenWrittenWhole() {
        Bytes store = new Bytes();
        List<String> checked = new ArrayList<>();
        store.write(document("{\"discover\":{}}", null, null, checked));
        assertThat(checked).containsExactly("{\"discover\":{}}");
        assertThat(store.writes).containsExactly("{\"discover\":{}}");
    }

    @Test
    void aDocumentItsCheckRefusesOrThatFailsWhileWrittenIsNeverWritten() {
        Bytes store = new Bytes();
        List<String> checked = new ArrayList<>();
        StateException refused = new StateException(ErrorCode.STATE_CORRUPT, "the discover slot is missing", null);
        assertThatThrownBy(() -> store.write(document("{}", refused, null, checked))).isSameAs(refused);
        assertThatThrownBy(() -> store.write(document("{\"a\":1}", null, new IOException("encoder broke"), checked)))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO);
                    assertThat(e.getMessage()).contains("mem").contains("encoder broke").contains("previous state is intact")
                            .contains("report it");
                });
        assertThat(checked).containsExactly("{}");
        assertThat(store.writes).isEmpty();
    }
}
