package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rocky runs of models. A DAG transformation runs alone: {@code --model <name> --pipeline <p>}.
 * Derived models (no pipeline) run as the reference's derived-models op runs them: when the
 * selection holds every derived model of one partitions shape, one batch
 * {@code run --models <models_dir> --all} for them, so the engine orders them and contains the
 * downstreams of a failure; a subset runs one {@code --models <models_dir> --model <name>} per
 * model, which the reference cannot do (its batch op cannot be subset). Either way a partitioned
 * run carries {@code --partition} or {@code --from}/{@code --to}, in rocky's key form.
 */
final class ModelCalls {

    private final String modelsDir;
    private final Supplier<RunOptions.Builder> base;

    /**
     * @param modelsDir {@code models_dir}, for {@code --models}
     * @param base the flags every run carries
     */
    ModelCalls(String modelsDir, Supplier<RunOptions.Builder> base) {
        this.modelsDir = modelsDir;
        this.base = base;
    }

    /**
     * The derived models of a graph (models of no pipeline) and how many of each shape (its
     * partitions) it has: one pass over the graph, made once per graph ({@link GraphIndexes}),
     * not once per materialization. Immutable once made.
     */
    static final class Shapes {
        /** Each derived model's shape. */
        private final Map<AssetKey, Optional<PartitionsDefinition>> derived = new HashMap<>();
        /** How many derived models of each shape the graph has. */
        private final Map<Optional<PartitionsDefinition>, Integer> inGraph = new HashMap<>();

        Shapes(Definitions defs) {
            List<AssetSpec> assets = defs.assets();
            for (int i = 0; i < assets.size(); i++) {
                AssetSpec a = assets.get(i);
                if (defs.runTargetAt(i).orElse(null) instanceof RunTarget.Model m && m.pipeline().isEmpty()) { // (by position: no lookup)
                    derived.put(a.key(), a.partitions());
                    inGraph.merge(a.partitions(), 1, Integer::sum);
                }
            }
        }
    }

    /**
     * @param shapes the graph's derived models
     * @param selected the selected assets
     * @return the batch each selected derived model runs in: its partitions shape, when the
     *     selection holds every derived model of that shape (and more than one); absent for a
     *     model that runs alone
     */
    static Map<AssetKey, Optional<PartitionsDefinition>> batches(Shapes shapes, List<AssetSpec> selected) {
        Map<AssetKey, Optional<PartitionsDefinition>> derived = shapes.derived;
        Map<Optional<PartitionsDefinition>, Integer> inGraph = shapes.inGraph;
        if (derived.isEmpty()) {
            return Map.of();
        }
        Map<Optional<PartitionsDefinition>, Integer> chosen = new HashMap<>();
        Set<AssetKey> seen = new HashSet<>();
        for (AssetSpec a : selected) {
            if (derived.containsKey(a.key()) && seen.add(a.key())) {
                chosen.merge(a.partitions(), 1, Integer::sum);
            }
        }
        Map<AssetKey, Optional<PartitionsDefinition>> out = new HashMap<>();
        for (AssetSpec a : selected) {
            if (derived.containsKey(a.key()) && chosen.get(a.partitions()) > 1
                    && chosen.get(a.partitions()).equals(inGraph.get(a.partitions()))) {
                out.put(a.key(), a.partitions());
            }
        }
        return out;
    }

    /** @return the one batch run of every derived model of a shape, {@code specs} upstream first */
    RunCall batch(List<AssetSpec> specs, Materializer.Selection selection) {
        RunOptions.Builder b = base.get().models(modelsDir, true);
        partitionFlags(b, specs.get(0), selection);
        return new RunCall(b.build(), specs, false);
    }

    /** @return the run of one model */
    RunCall single(AssetSpec spec, RunTarget.Model model, Materializer.Selection selection) {
        RunOptions.Builder b = base.get().model(model.name());
        if (model.pipeline().isPresent()) {
            b.pipeline(model.pipeline().get());
        } else {
            b.models(modelsDir, false);
        }
        partitionFlags(b, spec, selection);
        return new RunCall(b.build(), List.of(spec), false);
    }

    private static void partitionFlags(RunOptions.Builder b, AssetSpec spec, Materializer.Selection selection) {
        Optional<TimeGrain> grain = CallPlanner.grainOf(spec);
        if (grain.isEmpty()) {
            return;
        }
        try {
            if (selection.partition().isPresent()) {
                b.partition(grain.get().toRockyKey(selection.partition().get()));
            } else if (selection.from().isPresent()) {
                b.range(grain.get().toRockyKey(selection.from().get()), grain.get().toRockyKey(selection.to().get()));
            }
        } catch (IllegalArgumentException e) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + spec.key() + " is partitioned by "
                    + grain.get().wireName() + ": " + e.getMessage());
        }
    }
}
