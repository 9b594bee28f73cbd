package dev.rocky.testkit.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.core.state.WrittenState;
import dev.rocky.state.ReadThroughCacheStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every versioned state backend must keep, as a JUnit Jupiter test to extend: subclass
 * it for a {@link VersionStorage}, give it a way to open that storage (here and in a second JVM) and
 * to take the backend down and up, and it checks, against the real backend:
 *
 * <ul>
 *   <li>write then read, an empty store, create-only versions, reading a pinned version after later
 *       writes, listing newest first, pruning to {@code keep} without losing the latest, rollback and
 *       its refusal of unknown versions;</li>
 *   <li>compare-and-set: a move from a stale read loses; two threads racing from the same read,
 *       exactly one wins (20 rounds); two threads writing 10 times each all land; two processes
 *       racing to move the pointer, exactly one wins, and each then writes with retries;</li>
 *   <li>the backend down mid-write (after the version is created, before the pointer moves): the
 *       write fails with {@code STATE_IO} naming the backend, and the pointer still names a version
 *       that exists; down before anything: nothing changes;</li>
 *   <li>the backend down at load: {@link ReadThroughCacheStore} loads the cached copy with a warning
 *       naming the backend's error, or fails with {@code STATE_IO} when there is no copy.</li>
 * </ul>
 *
 * <p>Each test uses a fresh state key, so one server can serve all of them.
 */
public abstract class VersionedStateStoreContract {

    /** A temporary directory for caches and child-process output. */
    @TempDir
    protected Path temp;

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final String key = "contract-" + UUID.randomUUID();

    /**
     * @param stateKey the state key
     * @return a new storage on the backend under test (several may be open on one key at once)
     */
    protected abstract VersionStorage openStorage(String stateKey);

    /**
     * Takes the backend down: calls must then fail with {@code STATE_IO}. The data must survive.
     *
     * @throws Exception when it cannot
     */
    protected abstract void stopBackend() throws Exception;

    /**
     * Brings the backend back with the data it had.
     *
     * @throws Exception when it cannot
     */
    protected abstract void startBackend() throws Exception;

    /** @return the factory a second JVM uses to open the same backend */
    protected abstract Class<? extends VersionStorageFactory> factory();

    /** @return the settings passed to {@link #factory()} in the second JVM */
    protected abstract Map<String, String> factorySettings();

    /** Brings the backend up and closes every storage a test opened. */
    @AfterEach
    void closeOpened() throws Exception {
        startBackend();
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private VersionStorage storage() {
        VersionStorage storage = openStorage(key);
        if (storage instanceof AutoCloseable c) {
            opened.add(c);
        }
        return storage;
    }

    private VersionedStateStore store(VersionStorage storage, int keep) {
        return new VersionedStateStore(storage, keep, Clock.systemUTC(), VersionedStateStore.DEFAULT_ATTEMPTS, Duration.ZERO);
    }

    private static byte[] doc(String text) {
        return ("{\"doc\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<StoredState> state) {
        return new String(state.orElseThrow().content(), StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyStoreReadsEmptyAndListsNothing() {
        VersionedStateStore store = store(storage(), 5);
        assertTrue(store.read().isEmpty());
        assertTrue(store.versions().isEmpty());
        assertTrue(store.storage().pointer().isEmpty());
    }

    @Test
    void aWriteIsReadBackWithItsVersion() {
        VersionedStateStore store = store(storage(), 5);
        byte[] big = ("{\"tables\":[" + "\"t\",".repeat(200_000) + "\"t\"]}").getBytes(StandardCharsets.UTF_8);
        WrittenState written = store.write(big);
        String version = written.version().orElseThrow();
        assertTrue(VersionIds.isVersionId(version));
        StoredState read = store.read().orElseThrow();
        assertEquals(Optional.of(version), read.version());
        assertArrayEquals(big, read.content());
        assertTrue(read.location().contains(version), read.location());
    }

    @Test
    void aVersionIsCreatedOnceAndNeverReplaced() {
        VersionStorage storage = storage();
        String version = VersionIds.next(Instant.now());
        storage.create(version, doc("first"));
        StateException e = assertThrows(StateException.class, () -> storage.create(version, doc("second")));
        assertEquals(ErrorCode.STATE_IO, e.code());
        assertArrayEquals(doc("first"), storage.get(version).orElseThrow());
    }

    @Test
    void aPinnedVersionReadsTheSameAfterLaterWrites() {
        VersionedStateStore store = store(storage(), 10);
        String pinned = store.write(doc("one")).version().orElseThrow();
        store.write(doc("two"));
        store.write(doc("three"));
        assertEquals("{\"doc\":\"one\"}", text(store.read(pinned)));
        assertEquals("{\"doc\":\"three\"}", text(store.read()));
        assertTrue(store.read(VersionIds.next(Instant.now())).isEmpty());
        assertTrue(store.read("../../etc/passwd").isEmpty());
    }

    @Test
    void versionsAreListedNewestFirstWithTheLatestMarked() {
        VersionedStateStore store = store(storage(), 10);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(store.write(doc("v" + i)).version().orElseThrow());
        }
        List<StateVersion> versions = store.versions();
        List<String> ids = versions.stream().map(StateVersion::id).toList();
        List<String> expected = new ArrayList<>(written);
        Collections.reverse(expected);
        assertEquals(expected, ids);
        assertTrue(versions.get(0).latest());
        assertEquals(1, versions.stream().filter(StateVersion::latest).count());
        assertEquals(doc("v3").length, versions.get(0).bytes());
    }

    @Test
    void onlyTheNewestKeepVersionsAreKeptAndNeverTheLatestIsPruned() {
        VersionedStateStore store = store(storage(), 3);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            written.add(store.write(doc("v" + i)).version().orElseThrow());
        }
        List<String> newest = new ArrayList<>(written.subList(3, 6));
        Collections.reverse(newest);
        assertEquals(newest, store.versions().stream().map(StateVersion::id).toList());
        store.rollback(written.get(3));
        assertEquals("{\"doc\":\"v3\"}", text(store.read()), "the oldest kept version can be rolled back to");
        String v6 = store.write(doc("v6")).version().orElseThrow();
        assertEquals(List.of(v6, written.get(5), written.get(4)), store.versions().stream().map(StateVersion::id).toList());
        assertEquals(3, store.versions().size());
    }

    @Test
    void rollbackMovesThePointerAndRefusesAnUnknownVersion() {
        VersionedStateStore store = store(storage(), 5);
        String one = store.write(doc("one")).version().orElseThrow();
        store.write(doc("two"));
        store.rollback(one);
        assertEquals("{\"doc\":\"one\"}", text(store.read()));
        assertEquals(Optional.of(one), store.read().orElseThrow().version());
        String unknown = VersionIds.next(Instant.now());
        StateException e = assertThrows(StateException.class, () -> store.rollback(unknown));
        assertEquals(ErrorCode.STATE_MISSING, e.code());
        assertTrue(e.getMessage().contains(one), e.getMessage());
        assertEquals(Optional.of(one), store.read().orElseThrow().version());
    }

    @Test
    void aMoveFromAStaleReadLosesAndChangesNothing() {
        VersionStorage storage = storage();
        VersionedStateStore store = store(storage, 5);
        String one = store.write(doc("one")).version().orElseThrow();
        Optional<VersionPointer> seen = storage.pointer();
        String two = store.write(doc("two")).version().orElseThrow();
        assertFalse(storage.movePointer(seen, one));
        assertEquals(two, storage.pointer().orElseThrow().version());
        store.rollback(one);
        store.rollback(two);
        assertFalse(storage.movePointer(seen, one), "a pointer moved away and back is not the pointer read before (no ABA)");
    }

    @Test
    void twoThreadsRacingFromOneReadExactlyOneWins() throws Exception {
        VersionStorage first = storage();
        VersionStorage second = storage();
        VersionedStateStore store = store(first, 100);
        store.write(doc("base"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Optional<VersionPointer> seen = first.pointer();
                String a = VersionIds.next(Instant.now());
                String b = VersionIds.next(Instant.now());
                first.create(a, doc("a" + round));
                second.create(b, doc("b" + round));
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Boolean> fa = pool.submit(() -> {
                    barrier.await();
                    return first.movePointer(seen, a);
                });
                Future<Boolean> fb = pool.submit(() -> {
                    barrier.await();
                    return second.movePointer(seen, b);
                });
                boolean wonA = fa.get(30, TimeUnit.SECONDS);
                boolean wonB = fb.get(30, TimeUnit.SECONDS);
                assertTrue(wonA ^ wonB, "round " + round + ": exactly one of two racing moves must win, got " + wonA + " and " + wonB);
                assertEquals(wonA ? a : b, first.pointer().orElseThrow().version());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFirstPointerIsCreatedOnlyOnce() throws Exception {
        VersionStorage first = storage();
        VersionStorage second = storage();
        String a = VersionIds.next(Instant.now());
        String b = VersionIds.next(Instant.now());
        first.create(a, doc("a"));
        second.create(b, doc("b"));
        assertTrue(first.movePointer(Optional.empty(), a));
        assertFalse(second.movePointer(Optional.empty(), b));
        assertEquals(a, second.pointer().orElseThrow().version());
    }

    @Test
    void concurrentWritersAllLandAndThePointerEndsOnOneOfThem() throws Exception {
        VersionStorage first = storage();
        VersionStorage second = storage();
        List<VersionedStateStore> stores = List.of(store(first, 1000), store(second, 1000));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<String>>> futures = new ArrayList<>();
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (int t = 0; t < 2; t++) {
            VersionedStateStore s = stores.get(t);
            int thread = t;
            futures.add(pool.submit(() -> {
                barrier.await();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ids.add(s.write(doc("t" + thread + "-" + i)).version().orElseThrow());
                }
                return ids;
            }));
        }
        List<String> all = new ArrayList<>();
        List<String> lasts = new ArrayList<>();
        for (Future<List<String>> f : futures) {
            List<String> ids = f.get(120, TimeUnit.SECONDS);
            all.addAll(ids);
            lasts.add(ids.get(ids.size() - 1));
        }
        pool.shutdownNow();
        assertEquals(20, new HashSet<>(all).size());
        for (String id : all) {
            assertTrue(stores.get(0).read(id).isPresent(), "version " + id + " is readable");
        }
        String latest = stores.get(0).read().orElseThrow().version().orElseThrow();
        assertTrue(lasts.contains(latest), "the pointer names the last write of one of the writers: " + latest + " vs " + lasts);
        assertEquals(20, stores.get(1).versions().size());
    }

    @Test
    void twoProcessesRacingToMoveThePointerExactlyOneWins() throws Exception {
        VersionStorage storage = storage();
        VersionedStateStore store = store(storage, 1000);
        store.write(doc("base"));
        VersionPointer seen = storage.pointer().orElseThrow();
        long startAt = System.currentTimeMillis() + 6_000;
        List<Process> processes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StorageRaceMain.class.getName(),
                    factory().getName(), key, Long.toString(startAt), seen.version(),
                    Base64.getEncoder().encodeToString(seen.tag().getBytes(StandardCharsets.UTF_8)), "5"));
            factorySettings().forEach((k, v) -> argv.add(k + "=" + v));
            Path out = temp.resolve("race-" + i + ".out");
            outs.add(out);
            processes.add(new ProcessBuilder(argv).redirectOutput(out.toFile())
                    .redirectError(temp.resolve("race-" + i + ".err").toFile()).start());
        }
        int won = 0;
        Set<String> casVersions = new HashSet<>();
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process p = processes.get(i);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child " + i + " finished");
            String stdout = Files.readString(outs.get(i));
            String stderr = Files.readString(temp.resolve("race-" + i + ".err"));
            assertEquals(0, p.exitValue(), "child " + i + " exit; stdout:\n" + stdout + "\nstderr:\n" + stderr);
            for (String line : stdout.split("\n")) {
                if (line.startsWith("cas won ")) {
                    won++;
                    casVersions.add(line.substring("cas won ".length()));
                } else if (line.startsWith("cas lost ")) {
                    casVersions.add(line.substring("cas lost ".length()));
                } else if (line.startsWith("write ")) {
                    writes.add(line.substring("write ".length()));
                }
            }
        }
        assertEquals(1, won, "exactly one process wins the race from the same pointer");
        assertEquals(2, casVersions.size());
        assertEquals(10, writes.size(), "each process's 5 writes land, retrying the compare-and-set when the other moved it");
        for (String id : writes) {
            assertTrue(store.read(id).isPresent(), "version " + id + " is readable");
        }
        assertTrue(writes.contains(store.read().orElseThrow().version().orElseThrow()));
    }

    @Test
    void theBackendDownMidWriteLeavesThePointerOnAVersionThatExists() throws Exception {
        VersionStorage storage = storage();
        String before = store(storage, 10).write(doc("before")).version().orElseThrow();
        AtomicBoolean armed = new AtomicBoolean(true);
        VersionStorage dropsAfterCreate = new DelegatingStorage(storage) {
            @Override
            public void create(String version, byte[] content) {
                super.create(version, content);
                if (armed.getAndSet(false)) {
                    stop();
                }
            }
        };
        VersionedStateStore store = store(dropsAfterCreate, 10);
        StateException e = assertThrows(StateException.class, () -> store.write(doc("during")));
        assertEquals(ErrorCode.STATE_IO, e.code());
        assertTrue(e.getMessage().contains(storage.location()), e.getMessage());
        startBackend();
        VersionPointer pointer = storage.pointer().orElseThrow();
        assertEquals(before, pointer.version(), "the pointer was not moved");
        assertTrue(storage.get(pointer.version()).isPresent(), "the pointer names a version that exists");
        assertEquals("{\"doc\":\"before\"}", text(store.read()));

        stopBackend();
        assertThrows(StateException.class, () -> store.write(doc("down")));
        startBackend();
        assertEquals(before, storage.pointer().orElseThrow().version());
        assertEquals("{\"doc\":\"after\"}", new String(store.read(store.write(doc("after")).version().orElseThrow()).orElseThrow().content(),
                StandardCharsets.UTF_8), "the store works again once the backend is back");
    }

    @Test
    void theBackendDownAtLoadServesTheCachedCopyWithAWarning() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        LogSink log = (level, message) -> {
            if (level == LogSink.Level.WARN) {
                warnings.add(message);
            }
        };
        VersionStorage storage = storage();
        ReadThroughCacheStore cached = new ReadThroughCacheStore(store(storage, 10), temp.resolve("cache"), log);
        cached.write(doc("old"));
        String current = cached.write(doc("current")).version().orElseThrow();
        assertEquals("{\"doc\":\"current\"}", text(cached.read()));
        ReadThroughCacheStore coldPod = new ReadThroughCacheStore(store(storage(), 10), temp.resolve("cold-cache"), log);

        stopBackend();
        StoredState served = cached.read().orElseThrow();
        assertEquals(Optional.of(current), served.version(), "the load pins the cached version it served");
        assertEquals("{\"doc\":\"current\"}", new String(served.content(), StandardCharsets.UTF_8));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(storage.location()) && warnings.get(0).contains("cached copy of version " + current),
                warnings.get(0));
        assertEquals("{\"doc\":\"current\"}", text(cached.read(current)));

        StateException cold = assertThrows(StateException.class, coldPod::read);
        assertEquals(ErrorCode.STATE_IO, cold.code());
        assertTrue(cold.getMessage().contains("no cached copy"), cold.getMessage());
        startBackend();
        assertEquals(Optional.of(current), coldPod.read().orElseThrow().version());
    }

    @Test
    void aCallToADownBackendFailsWithStateIoNamingIt() throws Exception {
        VersionStorage storage = storage();
        store(storage, 5).write(doc("one"));
        stopBackend();
        for (Supplier<?> call : List.<Supplier<?>>of(storage::pointer, () -> storage.get(VersionIds.next(Instant.now())),
                () -> { storage.create(VersionIds.next(Instant.now()), doc("x")); return null; })) {
            StateException e = assertThrows(StateException.class, call::get);
            assertEquals(ErrorCode.STATE_IO, e.code());
            assertTrue(e.getMessage().contains(storage.location()) || e.getMessage().contains(key), e.getMessage());
        }
    }

    private void stop() {
        try {
            stopBackend();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the backend", e);
        }
    }

    /** A storage that forwards every call, for fault-injecting subclasses. */
    private static class DelegatingStorage implements VersionStorage {
        private final VersionStorage delegate;

        DelegatingStorage(VersionStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public String location(String version) {
            return delegate.location(version);
        }

        @Override
        public void create(String version, byte[] content) {
            delegate.create(version, content);
        }

        @Override
        public Optional<byte[]> get(String version) {
            return delegate.get(version);
        }

        @Override
        public List<StateVersion> list() {
            return delegate.list();
        }

        @Override
        public void delete(String version) {
            delegate.delete(version);
        }

        @Override
        public Optional<VersionPointer> pointer() {
            return delegate.pointer();
        }

        @Override
        public boolean movePointer(Optional<VersionPointer> expected, String version) {
            return delegate.movePointer(expected, version);
        }
    }
}
