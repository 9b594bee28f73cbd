package dev.rocky.core.service;

import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TableColumnLineage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the lineage slot ({@code rocky lineage} per model, {@code surface_column_lineage}) into
 * {@code dagster/column_lineage} of the assets it describes, after what the DAG already gave. A
 * model's assets are the one whose run target is that model, else, as the reference matches
 * ({@code _attach_column_lineage}: the spec whose last key segment equals the model), every asset
 * whose key ends with the model's name, so a discovered table named like its model gets the
 * lineage too. Per target column: the upstream asset (the upstream model's asset, or a key of its
 * name when it has none) and column; self-edges and repeats left out.
 */
final class LineageMerge {

    private LineageMerge() {
    }

    /**
     * @param defs the graph so far
     * @param lineage the state's lineage slot
     * @return the graph with the lineage merged; {@code defs} itself when nothing applies
     */
    static Definitions apply(Definitions defs, List<ModelLineage> lineage) {
        if (lineage.isEmpty()) {
            return defs;
        }
        Map<String, List<AssetKey>> keysOfModel = keysOfModels(defs);
        Map<AssetKey, Map<String, List<TableColumnLineage.ColumnDep>>> add = new HashMap<>();
        for (ModelLineage ml : lineage) {
            for (ModelLineage.Edge edge : ml.edges()) {
                List<AssetKey> targets = keysOfModel.get(edge.targetModel());
                if (targets == null || edge.sourceModel().isEmpty() || edge.sourceModel().equals(edge.targetModel())) {
                    continue;
                }
                List<AssetKey> upstream = keysOfModel.get(edge.sourceModel());
                TableColumnLineage.ColumnDep dep = new TableColumnLineage.ColumnDep(
                        upstream != null ? upstream.get(0) : AssetKey.of(edge.sourceModel()), edge.sourceColumn());
                for (AssetKey target : targets) {
                    addOnce(add.computeIfAbsent(target, k -> new LinkedHashMap<>())
                            .computeIfAbsent(edge.targetColumn(), c -> new ArrayList<>(2)), dep);
                }
            }
        }
        if (add.isEmpty()) {
            return defs;
        }
        List<AssetSpec> assets = new ArrayList<>(defs.assets().size());
        for (AssetSpec a : defs.assets()) {
            Map<String, List<TableColumnLineage.ColumnDep>> extra = add.get(a.key());
            assets.add(extra == null ? a : merged(a, extra));
        }
        return new Definitions(assets, defs.stateVersion(), defs.runTargets(), defs.leftOut(), defs.verdicts());
    }

    /** Model name → its assets: the model's own run target first, else every asset whose key ends with the name. */
    private static Map<String, List<AssetKey>> keysOfModels(Definitions defs) {
        Map<String, List<AssetKey>> byTarget = new HashMap<>();
        defs.runTargets().forEach((key, target) -> {
            if (target instanceof RunTarget.Model m) {
                byTarget.putIfAbsent(m.name(), List.of(key));
            }
        });
        Map<String, List<AssetKey>> byLeaf = new HashMap<>();
        for (AssetSpec a : defs.assets()) {
            if (!byTarget.containsKey(a.key().leaf())) {
                byLeaf.computeIfAbsent(a.key().leaf(), k -> new ArrayList<>(1)).add(a.key());
            }
        }
        byLeaf.putAll(byTarget);
        return byLeaf;
    }

    private static AssetSpec merged(AssetSpec a, Map<String, List<TableColumnLineage.ColumnDep>> extra) {
        Map<String, List<TableColumnLineage.ColumnDep>> merged = new LinkedHashMap<>();
        if (a.metadata().get(MetadataKeys.DAGSTER_COLUMN_LINEAGE) instanceof MetadataValue.ColumnLineage c) {
            c.lineage().depsByColumn().forEach((col, deps) -> merged.put(col, new ArrayList<>(deps)));
        }
        extra.forEach((col, deps) -> {
            List<TableColumnLineage.ColumnDep> into = merged.computeIfAbsent(col, k -> new ArrayList<>(deps.size()));
            deps.forEach(d -> addOnce(into, d));
        });
        Map<String, MetadataValue> metadata = new LinkedHashMap<>(a.metadata());
        metadata.put(MetadataKeys.DAGSTER_COLUMN_LINEAGE, MetadataValue.columnLineage(new TableColumnLineage(merged)));
        return new AssetSpec(a.key(), a.group(), a.deps(), a.kinds(), a.tags(), metadata, a.checks(), a.freshness(),
                a.partitions(), a.description(), a.owners(), a.codeVersion());
    }

    static void addOnce(List<TableColumnLineage.ColumnDep> deps, TableColumnLineage.ColumnDep dep) {
        if (!deps.contains(dep)) {
            deps.add(dep);
        }
    }
}
