package dev.rocky.core.service;

import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.core.service.VersionedStateStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.VersionStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VersionedStateStoreTest {

    /** An in-memory storage whose pointer moves can be made to lose. */
    static final class MemoryStorage implements VersionStorage {
        final Map<String, byte[]> versions = new LinkedHashMap<>();
        Optional<VersionPointer> pointer = Optional.empty();
        int losingMoves;
        int moves;

        @Override
        public String location() {
            return "memory://test";
        }

        @Override
        public synchronized void create(String version, byte[] content) {
            if (versions.putIfAbsent(version, content) != null) {
                throw new StateException(ErrorCode.STATE_IO, "exists", null);
            }
        }

        @Override
        public synchronized Optional<byte[]> get(String version) {
            return Optional.ofNullable(versions.get(version));
        }

        @Override
        public synchronized List<StateVersion> list() {
            List<StateVersion> out = new ArrayList<>();
            versions.forEach((id, bytes) -> out.add(new StateVersion(id, VersionIds.writtenAt(id).orElseThrow(), bytes.length, false)));
            return out;
        }

        @Override
        public synchronized void delete(String version) {
            versions.remove(version);
        }

        @Override
        public synchronized Optional<VersionPointer> pointer() {
            return pointer;
        }

        @Override
        public synchronized boolean movePointer(Optional<VersionPointer> expected, String version) {
            moves++;
            if (losingMoves > 0) {
                losingMoves--;
                pointer = Optional.of(new VersionPointer(pointer.map(VersionPointer::version).orElse(version), UUID.randomUUID().toString()));
                return false;
            }
            if (!pointer.equals(expected)) {
                return false;
            }
            pointer = Optional.of(new VersionPointer(version, UUID.randomUUID().toString()));
            return true;
        }
    }

    private static byte[] doc(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWriteThatLosesEveryCompareAndSetFailsWithStateConflictAndKeepsItsVersion() {
        MemoryStorage storage = new MemoryStorage();
        VersionedStateStore store = new VersionedStateStore(storage, 5, Clock.systemUTC(), 4, Duration.ZERO);
        String first = store.write(doc("first")).version().orElseThrow();
        storage.losingMoves = 4;
        assertThatThrownBy(() -> store.write(doc("second"))).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
            assertThat(e.getMessage()).contains("memory://test").contains("4 times").contains("retry the write");
        });
        assertThat(storage.versions).hasSize(2);
        assertThat(storage.pointer().orElseThrow().version()).isEqualTo(first);
    }

    @Test
    void aWriteRetriesALostCompareAndSetAgainstTheFreshPointer() {
        MemoryStorage storage = new MemoryStorage();
        VersionedStateStore store = new VersionedStateStore(storage, 5);
        storage.losingMoves = 3;
        String version = store.write(doc("x")).version().orElseThrow();
        assertThat(storage.moves).isEqualTo(4);
        assertThat(store.read().orElseThrow().version()).contains(version);
    }

    @Test
    void versionsYoungerThanTheGraceAreNotPruned() {
        MemoryStorage storage = new MemoryStorage();
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        VersionedStateStore graced = new VersionedStateStore(storage, 1, Clock.fixed(now, ZoneOffset.UTC), 4, Duration.ofSeconds(60));
        for (int i = 0; i < 4; i++) {
            graced.write(doc("v" + i));
        }
        assertThat(storage.versions).as("all within the grace").hasSize(4);
        VersionedStateStore later = new VersionedStateStore(storage, 1, Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC), 4,
                Duration.ofSeconds(60));
        String newest = later.write(doc("v4")).version().orElseThrow();
        assertThat(storage.versions.keySet()).containsExactly(newest);
    }

    @Test
    void aPointerToAMissingVersionIsCorruptNotEmpty() {
        MemoryStorage storage = new MemoryStorage();
        VersionedStateStore store = new VersionedStateStore(storage, 5);
        String v = store.write(doc("x")).version().orElseThrow();
        storage.versions.clear();
        assertThatThrownBy(store::read).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT);
            assertThat(e.getMessage()).contains(v).contains("state rollback");
        });
    }

    @Test
    void versionIdsAreTimeOrderedAndCarryTheirWriteTime() {
        Instant t = Instant.parse("2026-11-21T10:00:00.123Z");
        VersionIds generator = new VersionIds();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add(generator.nextId(i < 2500 ? t : t.minusSeconds(1)));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates().allSatisfy(id -> assertThat(VersionIds.isVersionId(id)).isTrue());
        assertThat(VersionIds.writtenAt(ids.get(0))).contains(t);
        assertThat(ids.get(0).charAt(14)).isEqualTo('7');
        assertThat(VersionIds.writtenAt(ids.get(4999))).as("4,096 ids per millisecond, then the next one")
                .contains(t.plusMillis(1));
        assertThat(VersionIds.writtenAt(UUID.randomUUID().toString())).as("a random UUID has no time").isEmpty();
        assertThat(VersionIds.isVersionId("../LATEST")).isFalse();
        assertThat(VersionIds.isVersionId("01A1FBE0-959D-7000-AEFB-881FB97AEFE0")).isFalse();
    }
}
