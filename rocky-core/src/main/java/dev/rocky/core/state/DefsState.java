package dev.rocky.core.state;

import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.OptimizeResult;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cached state, decoded: what the last refresh recorded, from which the asset graph is built
 * without calling rocky. Mirrors the state document
 * <pre>{@code {"format_version": 1, "written_at": "…", "fingerprint": {...}, "dag_status": "disabled",
 *  "slot_errors": {...}?, "carried_forward": [...]?,
 *  "discover": {...}, "compile": {...}?, "optimize": {...}?, "dag": {...}?}}</pre>
 * whose command slots hold rocky's own JSON output.
 *
 * @param formatVersion the document's {@code format_version}
 * @param discover the {@code discover} slot
 * @param compile the {@code compile} slot, when compile ran
 * @param optimize the {@code optimize} slot, when optimize ran
 * @param dag the {@code dag} slot, when {@code rocky dag} ran and succeeded
 * @param recordedDagStatus {@code dag_status} as written; empty in a state written before DAG
 *     support (a legacy state)
 * @param dagError {@code dag_error.message} when the DAG slot failed
 * @param slotErrors the commands that failed at the refresh, by slot; copied
 * @param carriedForward slots copied from an earlier state because their command failed; copied
 * @param fingerprint the inputs the state was built from, when recorded
 * @param writtenAt when the refresh that wrote it started, when recorded
 * @param storeVersion the version id it was read from, in a versioned store
 * @param lineage the {@code lineage} slot: {@code rocky lineage} per model, captured at refresh
 *     with {@code column_lineage_at: refresh}; copied
 */
public record DefsState(
        int formatVersion,
        DiscoverResult discover,
        Optional<CompileResult> compile,
        Optional<OptimizeResult> optimize,
        Optional<DagResult> dag,
        Optional<String> recordedDagStatus,
        Optional<String> dagError,
        Map<String, String> slotErrors,
        Set<String> carriedForward,
        Optional<Fingerprint> fingerprint,
        Optional<Instant> writtenAt,
        Optional<String> storeVersion,
        List<ModelLineage> lineage) {

    /** The state document format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The format of a state file dagster-rocky wrote (no {@code format_version}: its
     * {@code discover}, {@code compile}, {@code optimize}, {@code dag}, {@code dag_status} and
     * {@code dag_error} keys only). Read as is; the next refresh rewrites it as {@link #FORMAT_VERSION}.
     */
    public static final int DAGSTER_ROCKY_FORMAT = 0;

    /**
     * A state without a {@code lineage} slot.
     *
     * @param formatVersion the document's {@code format_version}
     * @param discover the discover slot
     * @param compile the compile slot
     * @param optimize the optimize slot
     * @param dag the dag slot
     * @param recordedDagStatus {@code dag_status} as written
     * @param dagError {@code dag_error.message}
     * @param slotErrors the commands that failed, by slot
     * @param carriedForward slots copied from an earlier state
     * @param fingerprint the inputs' fingerprint
     * @param writtenAt when the refresh started
     * @param storeVersion the version id it was read from
     */
    public DefsState(int formatVersion, DiscoverResult discover, Optional<CompileResult> compile, Optional<OptimizeResult> optimize,
            Optional<DagResult> dag, Optional<String> recordedDagStatus, Optional<String> dagError, Map<String, String> slotErrors,
            Set<String> carriedForward, Optional<Fingerprint> fingerprint, Optional<Instant> writtenAt, Optional<String> storeVersion) {
        this(formatVersion, discover, compile, optimize, dag, recordedDagStatus, dagError, slotErrors, carriedForward, fingerprint,
                writtenAt, storeVersion, List.of());
    }

    /** Rejects {@code null} parts and copies collections. */
    public DefsState {
        lineage = List.copyOf(lineage);
        Objects.requireNonNull(discover, "discover is null");
        Objects.requireNonNull(compile, "compile is null");
        Objects.requireNonNull(optimize, "optimize is null");
        Objects.requireNonNull(dag, "dag is null");
        Objects.requireNonNull(recordedDagStatus, "recordedDagStatus is null");
        Objects.requireNonNull(dagError, "dagError is null");
        slotErrors = Collections.unmodifiableMap(new LinkedHashMap<>(slotErrors));
        carriedForward = Collections.unmodifiableSet(new TreeSet<>(carriedForward));
        Objects.requireNonNull(fingerprint, "fingerprint is null");
        Objects.requireNonNull(writtenAt, "writtenAt is null");
        Objects.requireNonNull(storeVersion, "storeVersion is null");
    }

    /**
     * @param discover the discover slot
     * @return a minimal state as a clean refresh without compile, optimize or DAG writes it
     */
    public static DefsState of(DiscoverResult discover) {
        return new DefsState(FORMAT_VERSION, discover, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(DagStatus.DISABLED.wireName()), Optional.empty(), Map.of(), Set.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** @return whether dagster-rocky wrote this state ({@link #DAGSTER_ROCKY_FORMAT}) */
    public boolean writtenByDagsterRocky() {
        return formatVersion == DAGSTER_ROCKY_FORMAT;
    }

    /** @return the recorded {@code dag_status} when it is one this build knows */
    public Optional<DagStatus> dagStatus() {
        return recordedDagStatus.flatMap(DagStatus::fromWireName);
    }

    /**
     * @param version the version id the state was read from
     * @return this state, marked as read from that version
     */
    public DefsState withStoreVersion(Optional<String> version) {
        return new DefsState(formatVersion, discover, compile, optimize, dag, recordedDagStatus, dagError, slotErrors,
                carriedForward, fingerprint, writtenAt, version, lineage);
    }

    /**
     * @param models column lineage per model, e.g. collected at load with {@code column_lineage_at: load}
     * @return this state with that lineage in place of its {@code lineage} slot
     */
    public DefsState withLineage(List<ModelLineage> models) {
        return new DefsState(formatVersion, discover, compile, optimize, dag, recordedDagStatus, dagError, slotErrors,
                carriedForward, fingerprint, writtenAt, storeVersion, models);
    }
}
