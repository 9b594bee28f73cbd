package dev.rocky.core.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a refresh has gathered and wants written: each slot as the parsed value plus rocky's exact
 * stdout (so the state keeps every field the engine printed, including ones this build does not
 * know; the JSON codec stores its tokens without the whitespace between them), and how the refresh
 * went.
 *
 * @param slots the command slots
 * @param dagStatus the {@code dag} slot's status
 * @param dagError why {@code rocky dag} failed, when it did
 * @param slotErrors the commands that failed in this refresh, by slot name ({@code discover},
 *     {@code compile}, {@code optimize}), with the failure's message; copied, order kept
 * @param carriedForward the slots copied from the previous state because their command failed;
 *     copied
 * @param fingerprint the inputs the refresh was built from, when known
 * @param writtenAt when the refresh started
 */
public record StateDraft(
        StateSlots slots,
        DagStatus dagStatus,
        Optional<String> dagError,
        Map<String, String> slotErrors,
        Set<String> carriedForward,
        Optional<Fingerprint> fingerprint,
        Instant writtenAt) {

    /** Rejects {@code null} parts and copies collections. */
    public StateDraft {
        Objects.requireNonNull(slots, "slots is null");
        Objects.requireNonNull(dagStatus, "dagStatus is null");
        Objects.requireNonNull(dagError, "dagError is null");
        slotErrors = Collections.unmodifiableMap(new LinkedHashMap<>(slotErrors));
        carriedForward = Collections.unmodifiableSet(new TreeSet<>(carriedForward));
        Objects.requireNonNull(fingerprint, "fingerprint is null");
        Objects.requireNonNull(writtenAt, "writtenAt is null");
    }

    /**
     * @param slots the command slots
     * @return a draft of a clean refresh with no DAG slot, no fingerprint, written now
     */
    public static StateDraft of(StateSlots slots) {
        return new StateDraft(slots, DagStatus.DISABLED, Optional.empty(), Map.of(), Set.of(), Optional.empty(), Instant.now());
    }
}
