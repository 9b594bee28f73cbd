package dev.rocky.core.service;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger of one materialization: its events and failures, deduplicated (one materialization
 * per asset and partition, one result per asset check), what each asset came to (materialized,
 * failed, contained, pruned), and the hand-off of what is new to the listener. Each rocky run's
 * output is mapped into it by one mapper per event family: {@link MaterializationMapper}
 * (materializations, model outcomes, errors), {@link CheckResultMapper} (check results and
 * anomalies) and {@link ObservationMapper} (drift, containment, pruning).
 *
 * <p>Each event handed on is counted and shown to the {@link VerdictHistory}; a ledger that does not
 * retain its events (a streamed materialization) drops them once the listener has them, so the
 * memory a materialization holds is a few bits per asset (below), not its events.
 *
 * <p>Which assets are materialized is a few bits per position in the graph's assets
 * ({@link Definitions#indexOf}, in a {@link PositionTable}), not a hash set of keys: at 100,000
 * tables a set of keys is 200,000 entries that live as long as the materialization (each young
 * collection copies them, and the survivors' regions are fresh memory to fault in), and each
 * look-up in it a cache miss. A caller that knows an asset's position (the placeholders, from the
 * {@link CallPlanner.Resolved} selection) asks without a key look-up at all. The table is as long
 * as the graph only when the selection is a large share of it; a few assets of a large graph
 * take a few hashed slots.
 */
final class RunEventCollector {
    /** The events not yet handed on, and, when retained, every one before them. */
    final List<RunEvent> events;
    final List<AssetFailure> failures = new ArrayList<>();
    /** The selected models the runs withheld behind a failed upstream, with why. */
    final Map<AssetKey, RunResult.ContainedModel> contained = new HashMap<>();
    /** The selected tables rocky pruned as unchanged since their last copy ({@code excluded_tables}). */
    final Map<AssetKey, RunResult.ExcludedTable> pruned = new HashMap<>();
    /**
     * The asset checks with a result, by position in the graph's assets: bit {@code i} of
     * {@code checkedAt.get(position)} is the asset's {@code i}-th declared check
     * ({@link AssetSpec#checks()}). Made at the first result, so a run that reports none has none.
     */
    private PositionTable checkedAt;
    /** The results of any other asset check: an undeclared name, a declared check past the 64th, an asset outside the graph. */
    private final Set<EventSlot> checkedElsewhere = new HashSet<>();
    /** How many asset checks have a result. */
    private int checkedCount;
    /** The graph's assets, for each asset's position. */
    private final Definitions graph;
    /** Bit of {@link #materializedAt}: the asset has a materialization, in any slot. */
    private static final long MATERIALIZED = 1;
    /** Bit of {@link #materializedAt}: the asset has a materialization in the empty slot (no partition). */
    private static final long UNSLOTTED = 2;
    /** By position in the graph's assets: {@link #MATERIALIZED} and {@link #UNSLOTTED}. */
    private final PositionTable materializedAt;
    /** How many assets were selected: the positions the ledger expects to touch. */
    private final int selectedCount;
    /** The materializations of a partition or a named slot, and of any asset outside the graph. */
    private final Set<EventSlot> materializedPartitions = new HashSet<>();
    /** Assets outside the graph that have a materialization (none when every event names a graph asset). */
    private final Set<AssetKey> materializedOutsideGraph = new HashSet<>();
    private final Set<AssetKey> failedKeys = new HashSet<>();
    private final Map<AssetKey, RunTarget> targets;
    private final RunEventListener listener;
    private final LogSink log;
    /** What each call that returned reported, in call order, when retained; else empty. */
    final List<RunResult> runs = new ArrayList<>();
    /** How many calls returned, their failed tables and their itemised errors, summed as they return. */
    int runsReturned;
    long tablesFailed;
    long itemisedErrors;
    private final boolean retain;
    private final VerdictHistory history;
    private final dev.rocky.core.run.MaterializationSummary.Tally tally = new dev.rocky.core.run.MaterializationSummary.Tally();
    private int publishedEvents;
    private int publishedFailures;
    /**
     * Builds one materialization's metadata after another: maps of the same keys share one array
     * of keys, and no intermediate map is made per event.
     */
    final dev.rocky.core.spec.Maps.OrderedBuilder<String, dev.rocky.core.spec.MetadataValue> metadata =
            new dev.rocky.core.spec.Maps.OrderedBuilder<>();

    /**
     * @param graph the graph materialized: its run targets (how a run's output is matched to
     *     assets) and its assets' positions
     * @param listener receives events and failures as {@link #publish()} hands them on
     * @param log where ambiguous tables and unselected materializations are reported
     * @param selected the selected assets: the ledger is sized for one materialization and one
     *     result per declared check of each, so that a large selection never regrows its sets
     * @param history sees every event handed on, for the verdicts to record
     * @param retain whether {@link #events} keeps the events handed on and {@link #runs} the results
     *     (for a report); when not, events holds only those not yet handed on, and runs nothing
     */
    RunEventCollector(Definitions graph, RunEventListener listener, LogSink log, List<AssetSpec> selected,
            VerdictHistory history, boolean retain) {
        int expectedEvents = selected.size();
        for (AssetSpec spec : selected) {
            expectedEvents += spec.checks().size();
        }
        this.events = retain ? new ArrayList<>(expectedEvents) : new ArrayList<>();
        this.graph = graph;
        this.selectedCount = selected.size();
        this.materializedAt = PositionTable.forPositions(graph.assets().size(), selectedCount);
        this.targets = graph.runTargets();
        this.listener = listener;
        this.log = log;
        this.history = history;
        this.retain = retain;
    }

    /** Maps one call's run output into the ledger, family by family. */
    void collect(RunCall call, RunResult r) {
        runsReturned++;
        tablesFailed += r.tablesFailed();
        itemisedErrors += r.errors().size();
        if (retain) {
            runs.add(r);
        }
        RunOutputMatcher matcher = new RunOutputMatcher(call, targets, log);
        Map<String, AssetSpec> byTable = new MaterializationMapper(this, log).map(call, r, matcher);
        new CheckResultMapper(this).map(call, r, matcher, byTable);
        new ObservationMapper(this).map(call, r, matcher, byTable);
    }

    /** Hands the events and failures added since the last call to the listener, in order. */
    void publish() {
        while (publishedEvents < events.size()) {
            RunEvent e = events.get(publishedEvents++);
            listener.event(e);
            tally.add(e);
            history.observe(e);
        }
        if (!retain) {
            events.clear();
            publishedEvents = 0;
        }
        while (publishedFailures < failures.size()) {
            listener.failure(failures.get(publishedFailures++));
        }
    }

    /** Hands on what is pending, then tells the listener a call is starting. */
    void callStarted(dev.rocky.core.run.RockyCall call) {
        publish();
        listener.callStarted(call);
    }

    /** Hands on what the call produced, then tells the listener it has returned. */
    void callFinished(dev.rocky.core.run.RockyCall call, Optional<RunResult> result, Optional<String> error) {
        publish();
        listener.callFinished(call, result, error);
    }

    /** @return the counts of the events handed on so far, with the failures and how many calls returned */
    dev.rocky.core.run.MaterializationSummary summary() {
        return tally.summary(failures, runsReturned);
    }

    boolean failed(AssetKey key) {
        return failedKeys.contains(key);
    }

    void fail(AssetFailure failure) {
        failures.add(failure);
        failure.asset().ifPresent(failedKeys::add);
    }

    /** Adds a materialization unless the asset (and partition, or slot) already has one. */
    void materialize(RunEvent.MaterializeResult e) {
        materialize(e, e.partition().orElse(""));
    }

    /** As {@link #materialize(RunEvent.MaterializeResult)}, deduplicated by {@code slot} instead of the partition. */
    void materialize(RunEvent.MaterializeResult e, String slot) {
        materialize(e, slot, -1);
    }

    /**
     * As {@link #materialize(RunEvent.MaterializeResult, String)}, for an asset whose position in
     * the graph's assets the caller knows (the plan's, {@link RunCall#positionOf}): no key is
     * looked up when the asset at that position has the event's key, the one the plan resolved.
     *
     * @param position the asset's position, or -1 to look it up by key
     */
    void materialize(RunEvent.MaterializeResult e, String slot, int position) {
        int at = graph.indexOf(e.asset(), position);
        boolean first;
        if (at >= 0 && slot.isEmpty()) {
            first = (materializedAt.or(at, UNSLOTTED) & UNSLOTTED) == 0;
        } else {
            first = materializedPartitions.add(new EventSlot(e.asset(), slot));
        }
        if (first) {
            if (at >= 0) {
                materializedAt.or(at, MATERIALIZED);
            } else {
                materializedOutsideGraph.add(e.asset());
            }
            events.add(e);
        }
    }

    /** @return whether the asset has a materialization (in any partition or slot) */
    boolean isMaterialized(AssetKey key) {
        int at = graph.indexOf(key);
        return at >= 0 ? isMaterializedAt(at) : materializedOutsideGraph.contains(key);
    }

    /** @return whether the asset at this position of the graph's assets has a materialization */
    boolean isMaterializedAt(int position) {
        return (materializedAt.get(position) & MATERIALIZED) != 0;
    }

    /** Adds a check result unless the asset check already has one. */
    void check(RunEvent.AssetCheckResult e) {
        check(e, -1);
    }

    /**
     * As {@link #check(RunEvent.AssetCheckResult)}, for an asset whose position in the graph's
     * assets the caller knows (the plan's, {@link RunCall#positionOf}): no key is looked up when
     * the asset at that position has the result's key.
     *
     * @param position the asset's position, or -1 to look it up by key
     */
    void check(RunEvent.AssetCheckResult e, int position) {
        int at = graph.indexOf(e.asset(), position);
        int bit = at < 0 ? -1 : declaredIndex(graph.assets().get(at), e.checkName());
        boolean first;
        if (bit >= 0 && bit < Long.SIZE) {
            if (checkedAt == null) {
                checkedAt = PositionTable.forPositions(graph.assets().size(), selectedCount);
            }
            long mask = 1L << bit;
            first = (checkedAt.or(at, mask) & mask) == 0;
        } else {
            first = checkedElsewhere.add(new EventSlot(e.asset(), e.checkName()));
        }
        if (first) {
            checkedCount++;
            events.add(e);
        }
    }

    /** @return the place of the check named {@code name} among the asset's declared checks, or -1 */
    private static int declaredIndex(AssetSpec spec, String name) {
        List<String> checks = spec.checkNames();
        for (int i = 0, n = Math.min(checks.size(), Long.SIZE); i < n; i++) {
            if (checks.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param position the asset's position in the graph's assets
     * @param declared the check's place among the asset's declared checks ({@link AssetSpec#checks()})
     * @param spec the asset at that position
     * @return whether that asset check has a result
     */
    boolean isCheckedAt(int position, int declared, AssetSpec spec) {
        if (checkedCount == 0) {
            return false;
        }
        if (declared < Long.SIZE) {
            return checkedAt != null && (checkedAt.get(position) & (1L << declared)) != 0;
        }
        return checkedElsewhere.contains(new EventSlot(spec.key(), spec.checkNames().get(declared)));
    }

    /** Adds an event that is never deduplicated (observations, empty outputs, placeholders). */
    void add(RunEvent e) {
        events.add(e);
    }

    RunTarget targetOf(AssetSpec spec) {
        return targets.get(spec.key());
    }
}
