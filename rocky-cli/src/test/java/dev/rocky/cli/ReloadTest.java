package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import dev.rocky.state.LocalFilesystemStateStore;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.RecordedProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-lived process loading again: an unchanged state is not read again, anything new is. */
class ReloadTest {

    @TempDir
    Path dir;

    /** The local store, counting what is read. */
    private static final class Counting implements DefsStateStore {
        final LocalFilesystemStateStore local;
        final AtomicInteger reads = new AtomicInteger();
        final boolean knowsIdentity;

        Counting(Path file, boolean knowsIdentity) {
            this.local = new LocalFilesystemStateStore(file);
            this.knowsIdentity = knowsIdentity;
        }

        @Override
        public Optional<StoredState> read() {
            reads.incrementAndGet();
            return local.read();
        }

        @Override
        public WrittenState write(byte[] content) {
            return local.write(content);
        }

        @Override
        public String location() {
            return local.location();
        }

        @Override
        public Optional<String> identity() {
            return knowsIdentity ? local.identity() : Optional.empty();
        }
    }

    private record Setup(RockyComponent component, Counting store, List<String> warnings, CliFixture fx) {
    }

    private Setup setUp(boolean knowsIdentity) {
        CliFixture fx = new CliFixture(dir);
        Counting store = new Counting(dir.resolve("state"), knowsIdentity);
        List<String> warnings = new CopyOnWriteArrayList<>();
        LogSink log = (level, message) -> {
            if (level == LogSink.Level.WARN) {
                warnings.add(message);
            }
        };
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(fx.defs))
                .commandRunner(new FakeRocky(RecordedProjects.replicationBasics())).stateStore(store).logSink(log).build();
        component.refresh();
        return new Setup(component, store, warnings, fx);
    }

    @Test
    void anUnchangedStateIsNotReadAgainAndARefreshIsSeen() {
        Setup s = setUp(true);
        RockyComponent.Load first = s.component().loadExisting();
        RockyComponent.Load second = s.component().loadExisting();
        assertThat(second).isSameAs(first);
        assertThat(s.store().reads).hasValue(1);

        s.component().refresh(); // a new file: a new inode and modification time
        RockyComponent.Load third = s.component().loadExisting();
        assertThat(third).isNotSameAs(first);
        assertThat(third.definitions()).isEqualTo(first.definitions());
        assertThat(s.store().reads).hasValue(2);
        assertThat(s.component().loadExisting()).isSameAs(third);
        assertThat(s.store().reads).hasValue(2);
    }

    @Test
    void anEditedInputMakesTheNextLoadReadAndWarnAndNothingStaleIsKept() throws IOException {
        Setup s = setUp(true);
        RockyComponent.Load first = s.component().loadExisting();
        Path toml = s.fx().project.resolve("rocky.toml");
        Files.writeString(toml, Files.readString(toml) + "\n# edited\n");
        RockyComponent.Load stale = s.component().loadExisting();
        assertThat(stale).isNotSameAs(first);
        assertThat(stale.staleness()).isPresent();
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("is stale: rocky.toml changed"));
        RockyComponent.Load again = s.component().loadExisting();
        assertThat(again).as("a stale load is never reused: its warning is said each time").isNotSameAs(stale);
        assertThat(s.store().reads).hasValue(3);
    }

    @Test
    void aStoreThatCannotTellItsIdentityIsReadEveryTime() {
        Setup s = setUp(false);
        s.component().loadExisting();
        s.component().loadExisting();
        assertThat(s.store().reads).hasValue(2);
    }

    @Test
    void theLocalStoresIdentityChangesWithEveryWrite() {
        LocalFilesystemStateStore store = new LocalFilesystemStateStore(dir.resolve("s"));
        assertThat(store.identity()).as("no document yet").isEmpty();
        store.write("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Optional<String> one = store.identity();
        assertThat(one).isPresent();
        assertThat(store.identity()).isEqualTo(one);
        store.write("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store.identity()).as("the same bytes, a new file").isPresent().isNotEqualTo(one);
    }
}
