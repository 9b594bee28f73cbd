package dev.rocky.core.service;

import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.core.state.WrittenState;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.port.VersionedDefsStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link VersionedDefsStateStore} contract built on a {@link VersionStorage} backend (a
 * directory, S3, Valkey). Dagster's {@code VERSIONED_STATE_STORAGE}: every write is a new immutable
 * version, then the "latest" pointer is moved to it by compare-and-set.
 *
 * <ul>
 *   <li><b>Write</b>: a new time-ordered id ({@link VersionIds}) is created with create-only
 *       semantics, then the pointer is read and moved from what was read to the new id. When another
 *       writer moved it in between, the move is retried against the fresh pointer (short randomised
 *       back-off) up to {@code attempts} times, then fails with {@code STATE_CONFLICT}. The pointer is
 *       only ever moved to a version that was created whole, so it never names a missing or partial
 *       version, even when the backend goes down between the two steps.</li>
 *   <li><b>Read</b>: the pointer, then the immutable version it names, returned with its id so a load
 *       can pin it ({@code Definitions.stateVersion()}).</li>
 *   <li><b>Prune</b>: after each write only the newest {@code keep} versions are kept, never the one
 *       the pointer names, the one just written, or one younger than the prune grace (another writer
 *       may be about to point at it). A failed delete is left for the next write.</li>
 *   <li><b>Rollback</b>: moves the pointer to a kept version, by the same compare-and-set.</li>
 * </ul>
 *
 * <p>Thread-safe when the storage is; safe across processes and machines when the storage's
 * compare-and-set is.
 */
public class VersionedStateStore implements VersionedDefsStateStore {

    /** How many compare-and-set attempts a write or rollback makes before {@code STATE_CONFLICT}. */
    public static final int DEFAULT_ATTEMPTS = 32;

    /**
     * How young a version is never pruned: a concurrent writer may have created it and not yet moved
     * the pointer to it. Measured by the version id's time.
     */
    public static final Duration DEFAULT_PRUNE_GRACE = Duration.ofSeconds(60);

    /**
     * Newest first: by written time, then id, both descending. One lambda of this class rather than
     * {@code Comparator}'s combinators, whose lambdas the JVM spins when the class is initialised
     * at every start (the CDS archive keeps only this class's).
     */
    private static final Comparator<StateVersion> NEWEST_FIRST = (a, b) -> {
        int byTime = b.writtenAt().compareTo(a.writtenAt());
        return byTime != 0 ? byTime : b.id().compareTo(a.id());
    };

    private final VersionStorage storage;
    private final int keep;
    private final Clock clock;
    private final int attempts;
    private final Duration pruneGrace;
    private final VersionIds ids = new VersionIds();

    /**
     * @param storage the backend
     * @param keep how many versions to keep after each write; at least 1
     * @throws IllegalArgumentException when {@code keep} is below 1
     */
    public VersionedStateStore(VersionStorage storage, int keep) {
        this(storage, keep, Clock.systemUTC(), DEFAULT_ATTEMPTS, DEFAULT_PRUNE_GRACE);
    }

    /**
     * @param storage the backend
     * @param keep how many versions to keep after each write; at least 1
     * @param clock the clock version ids are made from
     * @param attempts compare-and-set attempts per write or rollback; at least 1
     * @param pruneGrace versions younger than this are never pruned ({@link #DEFAULT_PRUNE_GRACE});
     *     zero prunes down to {@code keep} at once
     * @throws IllegalArgumentException when {@code keep} or {@code attempts} is below 1 or the grace
     *     is negative
     */
    public VersionedStateStore(VersionStorage storage, int keep, Clock clock, int attempts, Duration pruneGrace) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.keep = keep;
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.attempts = attempts;
        this.pruneGrace = Objects.requireNonNull(pruneGrace, "pruneGrace is null");
        if (pruneGrace.isNegative()) {
            throw new IllegalArgumentException("pruneGrace is negative: " + pruneGrace);
        }
    }

    /** @return the backend */
    public VersionStorage storage() {
        return storage;
    }

    /** @return the number of versions kept after each write */
    public int keep() {
        return keep;
    }

    @Override
    public String location() {
        return storage.location();
    }

    @Override
    public Optional<StoredState> read() {
        Optional<VersionPointer> pointer = storage.pointer();
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        String version = pointer.get().version();
        return Optional.of(read(version).orElseThrow(() -> StateException.missingVersion(version, "the latest pointer of "
                + storage.location() + " names version " + version + ", which is not there; run `rocky-component state "
                + "versions` and `state rollback <version>`, or refresh")));
    }

    @Override
    public Optional<StoredState> read(String version) {
        if (!VersionIds.isVersionId(version)) {
            return Optional.empty();
        }
        return storage.get(version).map(bytes -> new StoredState(bytes, storage.location(version), Optional.of(version)));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StateException {@code STATE_IO} when the version cannot be created or the pointer cannot
     *     be moved (the previous version then stays current), {@code STATE_CONFLICT} when other writers
     *     won every attempt
     */
    @Override
    public WrittenState write(byte[] content) {
        String version = ids.nextId(clock.instant());
        storage.create(version, content);
        moveTo(version, "write");
        try {
            prune(version);
        } catch (StateException e) {
            // the write succeeded; the next write prunes again
        }
        return new WrittenState(storage.location(version), storage.localFile(version), Optional.of(version));
    }

    @Override
    public List<StateVersion> versions() {
        Optional<String> latest = storage.pointer().map(VersionPointer::version);
        List<StateVersion> out = new ArrayList<>();
        for (StateVersion v : storage.list()) {
            boolean isLatest = latest.map(v.id()::equals).orElse(false);
            out.add(isLatest == v.latest() ? v : new StateVersion(v.id(), v.writtenAt(), v.bytes(), isLatest));
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    @Override
    public void rollback(String version) {
        if (!VersionIds.isVersionId(version) || storage.get(version).isEmpty()) {
            throw new StateException(ErrorCode.STATE_MISSING, "no state version " + version + " in " + storage.location()
                    + "; kept versions: " + String.join(", ", versions().stream().map(StateVersion::id).toList()), null);
        }
        moveTo(version, "rollback");
    }

    private void moveTo(String version, String what) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<VersionPointer> seen = storage.pointer();
            if (seen.map(p -> p.version().equals(version)).orElse(false) && what.equals("rollback")) {
                return;
            }
            boolean moved;
            try {
                moved = storage.movePointer(seen, version);
            } catch (StateException e) {
                throw new StateException(e.code(), "version " + version + " is stored in " + storage.location()
                        + " but the latest pointer could not be moved to it: " + e.getMessage()
                        + "; the previous version stays current unless the backend applied the move before failing", e);
            }
            if (moved) {
                return;
            }
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 1_000_000L * (2 + Math.min(attempt, 20))));
        }
        throw new StateException(ErrorCode.STATE_CONFLICT, "the " + what + " of version " + version + " to "
                + storage.location() + " lost the compare-and-set of the latest pointer " + attempts
                + " times in a row: other writers keep moving it; the version is stored, retry the " + what, null);
    }

    private void prune(String justWritten) {
        Optional<String> latest = storage.pointer().map(VersionPointer::version);
        List<StateVersion> all = versions();
        Instant youngest = clock.instant().minus(pruneGrace);
        int kept = 0;
        for (StateVersion v : all) {
            boolean current = latest.map(v.id()::equals).orElse(false) || v.id().equals(justWritten);
            if (current || kept < keep || v.writtenAt().isAfter(youngest)) {
                kept++;
                continue;
            }
            storage.delete(v.id());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + storage.location() + ", keep " + keep + "]";
    }
}
