package dev.rocky.core.service;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.RunTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the selected asset a rocky run's output names, through the engine keys the load recorded
 * in the assets' {@link RunTarget}s (never through display metadata): a materialization's or
 * error's {@code asset_key}, and the table a drift or anomaly event names. One per call.
 */
final class RunOutputMatcher {

    private final RunCall call;
    private final Map<AssetKey, RunTarget> targets;
    private final LogSink log;
    /** Each served table's place in {@link RunCall#serves()}, by its engine key. */
    private final Map<List<String>, Integer> tablesByEngineKey;
    /** The run target of each served asset, in the order of {@link RunCall#serves()} (null for none): looked up once. */
    private final RunTarget[] servedTargets;

    /**
     * @param call the call whose output is matched: only the assets it serves can match
     * @param targets each asset's run target
     * @param log where an ambiguous table name is reported
     */
    RunOutputMatcher(RunCall call, Map<AssetKey, RunTarget> targets, LogSink log) {
        this.call = call;
        this.targets = targets;
        this.log = log;
        this.tablesByEngineKey = new HashMap<>(call.serves().size() * 4 / 3 + 1);
        List<AssetSpec> serves = call.serves();
        this.servedTargets = new RunTarget[serves.size()];
        for (int i = 0; i < serves.size(); i++) {
            AssetSpec spec = serves.get(i);
            RunTarget t = call.targets().isEmpty() ? targets.get(spec.key()) : call.targets().get(i);
            servedTargets[i] = t;
            if (t instanceof RunTarget.SourceTable st) {
                tablesByEngineKey.putIfAbsent(st.engineKey(), i);
            } else if (t instanceof RunTarget.TenantTable tt && call.tenantPartition().isPresent()) {
                // the run reaches one tenant: its tables print under that tenant's engine key
                tablesByEngineKey.putIfAbsent(tt.engineKey(tt.filterValue(call.tenantPartition().get())), i);
            }
        }
    }

    /** @return the served asset whose engine key is {@code engineKey} (a table's exactly, a model's as {@link #sameModel}), or null */
    AssetSpec byEngineKey(List<String> engineKey) {
        int served = servedIndex(engineKey);
        return served < 0 ? null : call.serves().get(served);
    }

    /**
     * @return the place in {@link RunCall#serves()} of the asset whose engine key is
     *     {@code engineKey} (as {@link #byEngineKey}), or -1
     */
    int servedIndex(List<String> engineKey) {
        Integer table = tablesByEngineKey.get(engineKey);
        if (table != null) {
            return table;
        }
        for (int i = 0; i < servedTargets.length; i++) {
            if (servedTargets[i] instanceof RunTarget.Model m && sameModel(m.engineKey(), engineKey)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Resolves the table a drift or anomaly event names ({@code table}, {@code schema.table} or
     * {@code catalog.schema.table}) to a served asset, as the reference's
     * {@code _build_table_resolver}: a table this run materialized under that full name; else
     * each trailing dotted tuple against the assets' engine keys; else the one asset whose
     * engine key ends with the last segment. Two such assets are ambiguous: the event is
     * dropped with a warning rather than given to either.
     *
     * @param materializedByName the run's materialized tables by {@code target_table_full_name}
     * @return the asset, or null
     */
    AssetSpec resolveTable(Map<String, AssetSpec> materializedByName, String table) {
        AssetSpec exact = materializedByName.get(table);
        if (exact != null) {
            return exact;
        }
        List<String> parts = List.of(table.split("\\.", -1));
        for (int start = 0; start < parts.size(); start++) {
            List<String> tail = parts.subList(start, parts.size());
            for (AssetSpec spec : call.serves()) {
                if (engineKey(spec).equals(tail)) {
                    return spec;
                }
            }
        }
        String last = parts.get(parts.size() - 1);
        List<AssetSpec> candidates = call.serves().stream()
                .filter(spec -> !engineKey(spec).isEmpty() && engineKey(spec).get(engineKey(spec).size() - 1).equals(last)).toList();
        if (candidates.size() > 1) {
            log.warn("rocky reported an event for table " + table + ", which matches " + candidates.size() + " selected assets ("
                    + String.join(", ", candidates.stream().map(c -> c.key().toUserString()).toList())
                    + ") by its last segment; it is dropped rather than given to either");
        }
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    /** @return the model an asset runs as, when its target is one */
    Optional<RunTarget.Model> model(AssetSpec spec) {
        return targets.get(spec.key()) instanceof RunTarget.Model m ? Optional.of(m) : Optional.empty();
    }

    /**
     * @param served an index into {@link RunCall#serves()}
     * @return the model that served asset runs as, when its target is one (no key looked up)
     */
    RunTarget.Model modelAt(int served) {
        return servedTargets[served] instanceof RunTarget.Model m ? m : null;
    }

    /** @return the engine's key of an asset's table or model, empty for a placeholder */
    List<String> engineKey(AssetSpec spec) {
        RunTarget t = targets.get(spec.key());
        if (t instanceof RunTarget.SourceTable st) {
            return st.engineKey();
        }
        if (t instanceof RunTarget.TenantTable tt && call.tenantPartition().isPresent()) {
            return tt.engineKey(tt.filterValue(call.tenantPartition().get()));
        }
        return t instanceof RunTarget.Model m ? m.engineKey() : List.of();
    }

    /**
     * A model's printed key matches its target {@code [catalog, schema, table]} when schema and
     * table are equal and the catalogs are equal or one is blank (rocky prints an empty catalog for
     * a model whose target names none).
     */
    private static boolean sameModel(List<String> target, List<String> printed) {
        if (target.size() != 3 || printed.size() != 3) {
            return target.equals(printed);
        }
        return target.get(1).equals(printed.get(1)) && target.get(2).equals(printed.get(2))
                && (target.get(0).isEmpty() || printed.get(0).isEmpty() || target.get(0).equals(printed.get(0)));
    }
}
