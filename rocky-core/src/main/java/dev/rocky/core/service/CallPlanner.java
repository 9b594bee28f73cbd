package dev.rocky.core.service;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a selection into the rocky runs that materialize it (the dispatch the {@link Materializer}
 * class documents): checks the selection and its partition keys before anything runs, orders
 * models upstream first, and picks each call's flags: a whole group's component filter or one run
 * per source for discovered tables, {@code --model} (with its pipeline and partition) for models,
 * one run per source for DAG source and load nodes, one {@code --pipeline} run for a load
 * pipeline's node, nothing for placeholder nodes. Model runs are {@link ModelCalls}'. Only
 * replication runs go through plan-then-apply: {@code rocky plan} resolves a replication pipeline
 * and refuses any other (rocky-cli plan.rs, registry.rs {@code resolve_replication_pipeline}), so
 * model and load-pipeline runs are fused (one {@code rocky run}).
 */
final class CallPlanner {

    private final Materializer.Options options;
    private final java.time.Clock clock;
    private final GraphIndexes indexes;

    /**
     * @param options the materialization's options: the base flags and {@code models_dir}
     * @param clock "now", against which partition keys are checked (a partition must have ended)
     * @param indexes what the plan reads from the whole graph, kept from one materialization of
     *     the same graph to the next
     */
    CallPlanner(Materializer.Options options, java.time.Clock clock, GraphIndexes indexes) {
        this.options = options;
        this.clock = clock;
        this.indexes = indexes;
    }

    /**
     * @param defs the graph
     * @param selection what to materialize
     * @return the selected assets, in the selection's order, each with its run target and its
     *     position in the graph (at most one key lookup per selected asset: none for a key that is
     *     the graph's own key object right after the previous one found, as in a selection made
     *     from the graph in its order)
     * @throws RockyException {@code CONFIG_INVALID} naming a key that is not in the graph or has no run target
     */
    static Resolved resolve(Definitions defs, Materializer.Selection selection) {
        List<AssetSpec> out = new ArrayList<>(selection.assets().size());
        List<RunTarget> targets = new ArrayList<>(selection.assets().size());
        int[] positions = new int[selection.assets().size()];
        int n = 0;
        int previous = -1;
        for (AssetKey key : selection.assets()) {
            int at = defs.indexOf(key, previous + 1);
            previous = at;
            if (at < 0) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + key + " is not in the graph; run "
                        + "`rocky-component defs` to list the asset keys");
            }
            Optional<RunTarget> target = defs.runTargetAt(at);
            if (target.isEmpty()) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + key + " has no run target, so it cannot be "
                        + "materialized; rebuild the definitions with `rocky-component defs` after a refresh");
            }
            out.add(defs.assets().get(at));
            targets.add(target.get());
            positions[n++] = at;
        }
        if ((selection.partition().isPresent() || selection.from().isPresent())
                && out.stream().noneMatch(s -> s.partitions().isPresent())) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "a partition was given but none of the selected assets is "
                    + "partitioned; drop the partition or select a partitioned asset");
        }
        return new Resolved(out, targets, positions);
    }

    /**
     * The selected assets and their run targets, found once: the plan reads each asset's target
     * from here rather than looking its key up again.
     *
     * @param specs the selected assets, in the selection's order
     * @param targets the run target of each, in the same order
     * @param positions the position of each in the graph's assets ({@link Definitions#indexOf}), in
     *     the same order; not copied, never changed
     */
    record Resolved(List<AssetSpec> specs, List<RunTarget> targets, int[] positions) {
    }

    /** A selected asset with its run target and its position in the graph's assets, as a plan slot holds it. */
    private record Planned(AssetSpec spec, RunTarget target, int position) {
    }

    private static List<AssetSpec> specsOf(List<Planned> planned) {
        List<AssetSpec> out = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            out.add(p.spec());
        }
        return out;
    }

    private static int[] positionsOf(List<Planned> planned) {
        int[] out = new int[planned.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = planned.get(i).position();
        }
        return out;
    }

    private static List<RunTarget> targetsOf(List<Planned> planned) {
        List<RunTarget> out = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            out.add(p.target());
        }
        return out;
    }

    /**
     * Every partition key against every selected partitioned asset's definition, before anything
     * runs: the form, the first partition, the last ended window, and a range's order.
     */
    void checkPartitions(List<AssetSpec> selected, Materializer.Selection selection) {
        List<String> keys = new ArrayList<>(2);
        selection.partition().ifPresent(keys::add);
        selection.from().ifPresent(keys::add);
        selection.to().ifPresent(keys::add);
        if (keys.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        for (AssetSpec spec : selected) {
            if (spec.partitions().isEmpty() || !(spec.partitions().get() instanceof PartitionsDefinition.TimeWindow window)) {
                continue;
            }
            try {
                List<java.time.LocalDateTime> starts = new ArrayList<>(keys.size());
                for (String key : keys) {
                    starts.add(window.check(key, now));
                }
                if (selection.from().isPresent() && starts.get(1).isBefore(starts.get(0))) {
                    throw new IllegalArgumentException("the range " + selection.from().get() + " to " + selection.to().get()
                            + " ends before it starts; give --from the earlier key");
                }
            } catch (IllegalArgumentException e) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + spec.key() + " is partitioned by "
                        + window.grain().wireName() + " from " + window.start() + ": " + e.getMessage());
            }
        }
    }

    List<RunCall> plan(Definitions defs, Resolved resolved, Materializer.Selection selection, RunEventCollector out) {
        // one slot per call, in dependency order: a group's or pipeline's call sits where its first asset does
        List<AssetSpec> selected = resolved.specs();
        Map<Slot, List<Planned>> slots = new LinkedHashMap<>();
        GraphIndexes.Of graph = indexes.of(defs);
        Map<AssetKey, Optional<PartitionsDefinition>> batches = ModelCalls.batches(graph.shapes(), selected);
        for (int i : upstreamFirst(defs, resolved)) {
            AssetSpec spec = selected.get(i);
            RunTarget target = resolved.targets().get(i);
            Planned planned = new Planned(spec, target, resolved.positions()[i]);
            if (target instanceof RunTarget.SourceTable) {
                slots.computeIfAbsent(new Slot("group", spec.group()), g -> new ArrayList<>()).add(planned);
            } else if (target instanceof RunTarget.TenantTable t) {
                // one run per tenant partition for every selected collapsed table (the reference's coalesced op)
                slots.computeIfAbsent(new Slot("tenant", t.component()), g -> new ArrayList<>()).add(planned);
            } else if (target instanceof RunTarget.Model && batches.containsKey(spec.key())) {
                slots.computeIfAbsent(new Slot("derived", String.valueOf(batches.get(spec.key()))), x -> new ArrayList<>()).add(planned);
            } else if (target instanceof RunTarget.Model) {
                slots.put(new Slot("model", spec.key()), List.of(planned));
            } else if (target instanceof RunTarget.ReplicationPipeline p) {
                slots.computeIfAbsent(new Slot("pipeline", p.pipeline()), x -> new ArrayList<>()).add(planned);
            } else if (target instanceof RunTarget.LoadPipeline p) {
                slots.computeIfAbsent(new Slot("load", p.pipeline()), x -> new ArrayList<>()).add(planned);
            } else {
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put(MetadataKeys.ROCKY_KIND, MetadataValue.text(((RunTarget.Placeholder) target).kind()));
                md.put(MetadataKeys.ROCKY_PLACEHOLDER, new MetadataValue.BoolValue(true));
                out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
            }
        }
        List<RunCall> calls = new ArrayList<>();
        slots.forEach((slot, planned) -> {
            try {
                calls.addAll(planSlot(planned, selection, graph));
            } catch (IllegalArgumentException e) {
                // A value rocky itself reported (a source id, a pipeline) that cannot be passed back as one argument:
                // those assets fail, the others still run.
                for (Planned p : planned) {
                    AssetSpec spec = p.spec();
                    out.fail(new AssetFailure(Optional.of(spec.key()), spec.key().toUserString(), FailureKind.UNKNOWN,
                            "rocky-java cannot pass rocky's own value back to it as one argument (" + e.getMessage()
                                    + "); the asset was not run", OptionalLong.empty()));
                }
            }
        });
        return calls;
    }

    /**
     * One call slot of a plan: the kind of run ({@code group}, {@code tenant}, {@code derived},
     * {@code model}, {@code pipeline}, {@code load}) and what tells two runs of that kind apart.
     */
    private record Slot(String kind, Object value) {
    }

    /** The calls one slot of the plan needs; all or none (a value that cannot be an argument fails the slot). */
    private List<RunCall> planSlot(List<Planned> planned, Materializer.Selection selection, GraphIndexes.Of graph) {
        RunTarget target = planned.get(0).target();
        if (target instanceof RunTarget.SourceTable) {
            return tableCalls(graph.groups(), planned.get(0).spec().group(), planned);
        }
        if (target instanceof RunTarget.TenantTable) {
            return tenantCalls(planned, selection);
        }
        List<AssetSpec> specs = specsOf(planned);
        if (target instanceof RunTarget.Model m) {
            // rocky plan plans a replication pipeline only (plan.rs resolve_replication_pipeline): a model runs at once
            ModelCalls models = new ModelCalls(options.modelsDir(), () -> base().fused(true));
            return List.of(specs.size() > 1 ? models.batch(specs, selection) : models.single(specs.get(0), m, selection));
        }
        if (target instanceof RunTarget.LoadPipeline load) {
            // rocky run hands a load pipeline to rocky load; rocky plan refuses one (plan.rs resolve_replication_pipeline)
            return List.of(new RunCall(base().pipeline(load.pipeline()).fused(true).build(), specs, true));
        }
        RunTarget.ReplicationPipeline p = (RunTarget.ReplicationPipeline) target;
        List<RunCall> out = new ArrayList<>(Math.max(1, p.sourceIds().size()));
        if (p.sourceIds().isEmpty()) {
            out.add(new RunCall(base().pipeline(p.pipeline()).build(), specs, true));
        }
        for (String id : p.sourceIds()) {
            out.add(new RunCall(base().pipeline(p.pipeline()).filter("id=" + id).build(), specs, true));
        }
        return out;
    }

    /**
     * The runs of selected collapsed tenant tables (the reference's {@code _tenant_partition_filters}):
     * the one partition key's {@code --filter <component>=<raw value>} (the key itself for a tenant
     * added after the last refresh), or with {@code scope_runs_to_selection} one {@code --filter
     * id=<source id>} per source of that tenant the selection needs.
     *
     * @throws RockyException {@code CONFIG_INVALID} without exactly one partition key: a run cannot
     *     span tenant catalogs
     */
    private List<RunCall> tenantCalls(List<Planned> planned, Materializer.Selection selection) {
        List<AssetSpec> specs = specsOf(planned);
        RunTarget.TenantTable first = (RunTarget.TenantTable) planned.get(0).target();
        if (selection.partition().isEmpty() || selection.from().isPresent()) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, specs.size() + " selected asset(s) (" + specs.get(0).key()
                    + (specs.size() > 1 ? ", …" : "") + ") are partitioned by tenant (" + first.component() + "): give one "
                    + "partition key (--partition <tenant>); a range or no key cannot run, since one --filter reaches one "
                    + "tenant's catalog");
        }
        String key = selection.partition().get();
        Optional<String> pipeline = first.pipeline().or(options::replicationPipeline);
        boolean known = first.rawValueByPartitionKey().containsKey(key);
        if (first.scopeRunsToSelection() && known) {
            Map<String, List<AssetSpec>> bySource = new LinkedHashMap<>();
            List<AssetSpec> absent = new ArrayList<>();
            for (Planned p : planned) {
                AssetSpec spec = p.spec();
                RunTarget.TenantTable t = (RunTarget.TenantTable) p.target();
                String id = t.sourceIdByPartitionKey().get(key);
                if (id == null) {
                    absent.add(spec);
                } else {
                    bySource.computeIfAbsent(id, x -> new ArrayList<>()).add(spec);
                }
            }
            List<RunCall> calls = new ArrayList<>();
            bySource.forEach((id, served) -> {
                RunOptions.Builder b = base().filter("id=" + id);
                pipeline.ifPresent(b::pipeline);
                calls.add(new RunCall(b.build(), served, false, Optional.of(key)));
            });
            if (!absent.isEmpty()) {
                // the tenant has no such table: the tenant-wide run reports nothing for it, as the reference's no-op partition
                RunOptions.Builder b = base().filter(first.component() + "=" + first.filterValue(key));
                pipeline.ifPresent(b::pipeline);
                calls.add(new RunCall(b.build(), absent, false, Optional.of(key)));
            }
            return calls;
        }
        RunOptions.Builder b = base().filter(first.component() + "=" + first.filterValue(key));
        pipeline.ifPresent(b::pipeline);
        return List.of(new RunCall(b.build(), specs, false, Optional.of(key)));
    }

    /**
     * @return the positions in the selection of the selected assets, each after the selected
     *     assets it depends on (the selection's order otherwise; of a cycle, the one reached first
     *     comes last). Selected assets are found by their position in the graph
     *     ({@link PositionTable}): no map of keys is made per materialization (at 100,000 tables, a
     *     {@code HashMap}'s table is a humongous object that keeps its entries alive through young
     *     collections until the next marking), and a few assets of a large graph take a few
     *     slots, not an array as long as the graph. The walk keeps its own stack, so a chain of
     *     any length of models that each depend on the one before is ordered without the thread's.
     */
    private static int[] upstreamFirst(Definitions defs, Resolved resolved) {
        int[] positions = resolved.positions();
        List<AssetSpec> selected = resolved.specs();
        // by graph position: 1 + its place in the selection, 0 when unselected
        PositionTable selectedAt = PositionTable.forPositions(defs.assets().size(), positions.length);
        for (int i = 0; i < positions.length; i++) {
            selectedAt.put(positions[i], i + 1);
        }
        int[] out = new int[positions.length];
        if (!anyDependsOnAnother(defs, selected, selectedAt)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = i; // (a selection of discovered tables: nothing to reorder, and no walk over 100,000 keys)
            }
            return out;
        }
        int next = 0;
        BitSet done = new BitSet(positions.length);
        BitSet onStack = new BitSet(positions.length);
        int[] stack = new int[positions.length]; // the assets being walked, each an upstream of the one below it
        int[] depAt = new int[positions.length]; // for each, the next of its deps to look at
        for (int i = 0; i < positions.length; i++) {
            if (done.get(i)) {
                continue;
            }
            int depth = 0;
            stack[0] = i;
            depAt[0] = 0;
            onStack.set(i);
            while (depth >= 0) {
                int at = stack[depth];
                List<AssetKey> deps = selected.get(at).deps();
                if (depAt[depth] < deps.size()) {
                    int upstream = selectedIndex(defs, selectedAt, deps.get(depAt[depth]++));
                    if (upstream >= 0 && !done.get(upstream) && !onStack.get(upstream)) {
                        stack[++depth] = upstream;
                        depAt[depth] = 0;
                        onStack.set(upstream);
                    }
                } else {
                    onStack.clear(at);
                    done.set(at);
                    out[next++] = at;
                    depth--;
                }
            }
        }
        return out;
    }

    /** @return the place in the selection of the asset with this key, or -1 when it is not selected */
    private static int selectedIndex(Definitions defs, PositionTable selectedAt, AssetKey key) {
        int at = defs.indexOf(key);
        return at < 0 ? -1 : (int) selectedAt.get(at) - 1;
    }

    private static boolean anyDependsOnAnother(Definitions defs, List<AssetSpec> selected, PositionTable selectedAt) {
        for (AssetSpec s : selected) {
            for (AssetKey dep : s.deps()) {
                if (selectedIndex(defs, selectedAt, dep) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private RunOptions.Builder base() {
        RunOptions b = options.base();
        RunOptions.Builder out = RunOptions.builder().fused(b.fused());
        b.idempotencyKey().ifPresent(out::idempotencyKey);
        b.governanceOverride().ifPresent(out::governanceOverride);
        b.shadowSuffix().ifPresent(out::shadowSuffix);
        b.timeout().ifPresent(out::timeout);
        b.parallel().ifPresent(out::parallel);
        b.lookback().ifPresent(out::lookback);
        return out;
    }

    private List<RunCall> tableCalls(GroupIndex index, String group, List<Planned> planned) {
        Map<String, List<Planned>> bySource = new LinkedHashMap<>();
        for (Planned p : planned) {
            bySource.computeIfAbsent(((RunTarget.SourceTable) p.target()).sourceId(), s -> new ArrayList<>()).add(p);
        }
        Optional<String> pipeline = ((RunTarget.SourceTable) planned.get(0).target()).pipeline().or(options::replicationPipeline);
        Optional<String> groupFilter = groupFilter(index, group, planned.size(), bySource.keySet());
        List<RunCall> calls = new ArrayList<>();
        if (groupFilter.isPresent()) {
            RunOptions.Builder b = base().filter(groupFilter.get());
            pipeline.ifPresent(b::pipeline);
            calls.add(new RunCall(b.build(), specsOf(planned), false, Optional.empty(), targetsOf(planned), positionsOf(planned)));
            return calls;
        }
        bySource.forEach((id, served) -> {
            RunOptions.Builder b = base().filter("id=" + id);
            pipeline.ifPresent(b::pipeline);
            calls.add(new RunCall(b.build(), specsOf(served), false, Optional.empty(), targetsOf(served), positionsOf(served)));
        });
        return calls;
    }

    /**
     * The group's own filter, when the whole group is selected and one {@code component=value}
     * pair selects exactly the group's sources among all the graph's sources.
     */
    private static Optional<String> groupFilter(GroupIndex index, String group, int selected, Set<String> sourceIds) {
        Integer groupTables = index.tablesPerGroup.get(group);
        Map<String, String> common = index.commonPerGroup.get(group);
        if (groupTables == null || groupTables != selected || common == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : common.entrySet()) {
            if (index.sourcesByPair.get(e.getKey()).get(e.getValue()).equals(sourceIds)) {
                return Optional.of(e.getKey() + "=" + e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The graph's discovered tables by group and by component pair: whether a group's component
     * filter selects exactly its sources. One pass over the graph (not one per group, which made
     * a 100,000-table graph quadratic), made once per graph ({@link GraphIndexes}), not once per
     * materialization; immutable once made.
     */
    static final class GroupIndex {
        /** component → value → the ids of the sources with that pair. */
        final Map<String, Map<String, Set<String>>> sourcesByPair = new HashMap<>();
        /** group → its number of discovered tables. */
        final Map<String, Integer> tablesPerGroup = new HashMap<>();
        /** group → the component pairs all its tables share. */
        final Map<String, Map<String, String>> commonPerGroup = new HashMap<>();

        GroupIndex(Definitions defs) {
            List<AssetSpec> assets = defs.assets();
            for (int i = 0; i < assets.size(); i++) {
                AssetSpec a = assets.get(i);
                Optional<RunTarget> t = defs.runTargetAt(i); // (by position: no key lookup per asset of the graph)
                if (t.isEmpty() || !(t.get() instanceof RunTarget.SourceTable st)) {
                    continue;
                }
                st.components().forEach((k, v) -> sourcesByPair.computeIfAbsent(k, x -> new HashMap<>())
                        .computeIfAbsent(v, x -> new HashSet<>()).add(st.sourceId()));
                tablesPerGroup.merge(a.group(), 1, Integer::sum);
                Map<String, String> common = commonPerGroup.get(a.group());
                if (common == null) {
                    commonPerGroup.put(a.group(), new LinkedHashMap<>(st.components()));
                } else if (!common.isEmpty()) {
                    common.entrySet().removeIf(e -> !e.getValue().equals(st.components().get(e.getKey())));
                }
            }
        }
    }

    /**
     * @param spec an asset
     * @return the grain of its time-window partitions, when it has them
     */
    static Optional<TimeGrain> grainOf(AssetSpec spec) {
        return spec.partitions().filter(p -> p instanceof PartitionsDefinition.TimeWindow)
                .map(p -> ((PartitionsDefinition.TimeWindow) p).grain());
    }
}
