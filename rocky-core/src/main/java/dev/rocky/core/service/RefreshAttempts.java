package dev.rocky.core.service;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.FailedSource;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The commands one refresh attempted and the carry-forward rules of {@link RefreshState}: how each
 * command ended (timed, announced, its error recorded in {@code slot_errors}), the warnings, the
 * slots carried forward from the previous state (read at most once, and only when a command
 * fails), which failures are transient enough to carry forward, and the refusal to write anything
 * when every command failed. Not thread-safe (one per refresh).
 */
final class RefreshAttempts {
    final List<String> warnings = new ArrayList<>();
    final Map<String, String> slotErrors = new LinkedHashMap<>();
    final Set<String> carried = new HashSet<>();
    private final Previous previous = new Previous();
    private final List<String> succeeded = new ArrayList<>();
    private final LogSink log;
    private final DefsStateStore store;
    private final StateCodec codec;
    private final boolean strictBuild;
    private RockyException firstFailure;

    /**
     * @param log where progress, durations and warnings go
     * @param store where the previous state is read from
     * @param codec how it is decoded
     * @param strictBuild whether a failed discover or dag fails the refresh
     */
    RefreshAttempts(LogSink log, DefsStateStore store, StateCodec codec, boolean strictBuild) {
        this.log = log;
        this.store = store;
        this.codec = codec;
        this.strictBuild = strictBuild;
    }

    /** Runs one command, saying which is running and, after, how long it took. */
    <T> T timed(String command, Supplier<T> call) {
        log.progress("running rocky " + command);
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            T result = call.get();
            outcome = "done";
            succeeded.add(command);
            return result;
        } finally {
            log.info("rocky " + command + " " + outcome + " in " + seconds(System.nanoTime() - start));
        }
    }

    void failed(String command, RockyException e) {
        slotErrors.put(command, e.getMessage());
        if (firstFailure == null) {
            firstFailure = e;
        }
    }

    Optional<StateSlots> previous() {
        return previous.slots();
    }

    void warn(String message) {
        log.warn(message);
        warnings.add(message);
    }

    /** Step 7: when every command failed, nothing useful was done, so nothing is written. */
    void throwIfNothingSucceeded() {
        if (!succeeded.isEmpty() || firstFailure == null) {
            return;
        }
        List<String> each = new ArrayList<>();
        slotErrors.forEach((command, message) -> each.add(command + ": " + message));
        throw new RockyException(firstFailure.code(), "every rocky command failed, so nothing was written and the state at "
                + store.location() + " is as it was (" + String.join("; ", each) + ")", firstFailure);
    }

    /** Step 3: discover, or the previous slot, or the empty envelope; failed sources are named. */
    RockyOutput<DiscoverResult> discoverOrKept(Supplier<RockyOutput<DiscoverResult>> call) {
        RockyOutput<DiscoverResult> discover;
        try {
            discover = timed("discover", call);
        } catch (RockyException e) {
            rethrowUnlessTransient(e, true);
            failed("discover", e);
            Optional<RockyOutput<DiscoverResult>> kept = previous().map(StateSlots::discover);
            if (kept.isPresent()) {
                carried.add("discover");
                warn("rocky discover failed, so the previous state's discover slot ("
                        + kept.get().value().sources().size() + " sources) is kept: " + e.getMessage());
                return kept.get();
            }
            warn("rocky discover failed and there is no earlier state to keep, so an empty discover "
                    + "slot is written (set strict_build: true to fail instead): " + e.getMessage());
            return new RockyOutput<>(new DiscoverResult("0.0.0", List.of(), Optional.empty(), List.of()),
                    RefreshState.EMPTY_DISCOVER_ENVELOPE.getBytes(StandardCharsets.UTF_8), 0);
        }
        if (!discover.value().failedSources().isEmpty()) {
            // A source rocky could not read this time is not a source removed upstream: say so, by name.
            List<String> failed = new ArrayList<>();
            for (FailedSource f : discover.value().failedSources()) {
                failed.add(f.id() + " (" + f.errorClass() + f.cooldownSeconds().stream().mapToObj(c -> ", retry after " + c + " s")
                        .findFirst().orElse("") + ")");
            }
            warn("rocky discover could not read " + failed.size() + " source" + (failed.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", failed) + "; their tables are missing from the graph until a refresh reads them");
        }
        return discover;
    }

    /**
     * Step 4: a best-effort command (compile, optimize): its output, or, when it fails, the previous
     * state's slot (carried forward) or none, with a warning.
     */
    <T> Optional<RockyOutput<T>> bestEffort(String command, Supplier<RockyOutput<T>> call,
            Function<StateSlots, Optional<RockyOutput<T>>> slotOf) {
        try {
            return Optional.of(timed(command, call));
        } catch (RockyException e) {
            rethrowUnlessTransient(e, false);
            failed(command, e);
            Optional<RockyOutput<T>> kept = previous().flatMap(slotOf);
            if (kept.isPresent()) {
                carried.add(command);
                warn("rocky " + command + " failed, so the previous state's '" + command + "' slot is kept: "
                        + e.getMessage());
            } else {
                warn("rocky " + command + " failed, so the state is written without its '" + command
                        + "' slot: " + e.getMessage());
            }
            return kept;
        }
    }

    /**
     * A failure worth carrying forward is one a later refresh may not have: a command that exited
     * non-zero, timed out or printed no JSON, a model whose sidecar or name was refused. The binary
     * gone or not executable, an engine too old and a schema mismatch fail the refresh instead,
     * writing nothing; so does a failed discover or dag under {@code strict_build}. Compile,
     * optimize and lineage stay best-effort even then, as in the reference: a broken model must not
     * stop sources from being discovered.
     *
     * @param strictFails whether {@code strict_build} makes this command's failure fatal (discover, dag)
     */
    void rethrowUnlessTransient(RockyException e, boolean strictFails) {
        if (NOT_TRANSIENT.contains(e.code()) || (strictFails && strictBuild)) {
            throw e;
        }
    }

    private static final Set<ErrorCode> NOT_TRANSIENT = java.util.EnumSet.of(ErrorCode.SCHEMA_MISMATCH,
            ErrorCode.BINARY_NOT_FOUND, ErrorCode.BINARY_NOT_EXECUTABLE, ErrorCode.ENGINE_TOO_OLD);

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** The previous state's slots, read only when a command fails and only once. */
    private final class Previous {
        private Optional<StateSlots> slots;

        Optional<StateSlots> slots() {
            if (slots == null) {
                slots = read();
            }
            return slots;
        }

        private Optional<StateSlots> read() {
            try {
                Optional<StoredState> stored = store.read();
                return stored.isEmpty() ? Optional.empty() : Optional.of(codec.slots(stored.get()));
            } catch (RockyException e) {
                log.warn("the previous state cannot be read, so nothing is carried forward from it: " + e.getMessage());
                return Optional.empty();
            }
        }
    }
}
