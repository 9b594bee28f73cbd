package dev.rocky.core.service;

import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load's derived-models stage ({@code surface_derived_models}, the reference's
 * {@code derived_models.py}): one asset per compiled model of the compile slot, keyed, grouped,
 * tagged and described by the translator's {@code model*} methods, kinds {@code ["rocky", "model"]},
 * deps from {@code depends_on} (an entry that is not a compiled model is dropped, as the
 * reference), freshness and time partitions from the model, and the governance and contract checks.
 * An {@code ephemeral} model gets no asset (rocky inlines it and refuses to run it alone), and a
 * dependency on one is traced through to its own upstreams, as the reference's
 * {@code _resolve_model_deps}. A model whose key is already in the graph is skipped with a warning.
 */
final class DerivedModelGraph {

    private final AssetTranslator translator;
    private final LogSink log;
    private final boolean surfaceCompliance;

    /**
     * @param translator keys, groups, tags and describes models
     * @param log where skipped models and dropped deps are reported
     * @param surfaceCompliance declare {@code compliance_exception} on each model
     */
    DerivedModelGraph(AssetTranslator translator, LogSink log, boolean surfaceCompliance) {
        this.translator = translator;
        this.log = log;
        this.surfaceCompliance = surfaceCompliance;
    }

    /**
     * Adds the models' assets and run targets.
     *
     * @param graph the graph so far; the models' assets and run targets are added
     */
    void addTo(CompileResult compile, Definitions.Builder graph, ModelEnrichment enrichment, Map<String, ContractRules> contractRules, PartitionRules partitions) {
        Map<String, AssetKey> keyOf = new HashMap<>();
        Map<String, List<String>> ephemeral = new HashMap<>();
        for (ModelDetail model : compile.models()) {
            if (isEphemeral(model)) {
                ephemeral.putIfAbsent(model.name(), model.dependsOn());
            } else {
                keyOf.putIfAbsent(model.name(), translator.modelAssetKey(model));
            }
        }
        Set<String> built = new HashSet<>();
        for (ModelDetail model : compile.models()) {
            if (isEphemeral(model)) {
                continue;
            }
            AssetKey key = keyOf.get(model.name());
            if (!built.add(model.name()) || graph.contains(key)) {
                log.warn("compiled model " + model.name() + " maps to asset key " + key
                        + ", which is already in the graph; the model is skipped");
                continue;
            }
            Map<String, MetadataValue> metadata = new LinkedHashMap<>(translator.modelMetadata(model));
            enrichment.enrich(metadata, model.name());
            DeclaredChecks checks = new DeclaredChecks(key, log);
            checks.addGovernance(surfaceCompliance, model.name(), contractRules);
            AssetSpec spec = new AssetSpec(key, translator.modelGroupName(model), deps(model, key, keyOf, ephemeral),
                    List.of("rocky", "model"), translator.modelTags(model), metadata, checks.list(),
                    PartitionRules.freshness(model.freshnessMaxLagSeconds()), partitions.ofStrategy(model.strategy(), model.name()));
            ModelTarget t = model.target();
            graph.add(spec, new RunTarget.Model(model.name(), List.of(t.catalog(), t.schema(), t.table()), Optional.empty()));
        }
    }

    /** @return whether rocky inlines the model into its consumers ({@code strategy.type: ephemeral}) */
    static boolean isEphemeral(ModelDetail model) {
        return model.strategy().type().equals("ephemeral");
    }

    /**
     * The model's upstream assets, in {@code depends_on} order: an ephemeral upstream is replaced
     * by its own upstreams (transitively), an entry that is not a compiled model is dropped.
     */
    private List<AssetKey> deps(ModelDetail model, AssetKey key, Map<String, AssetKey> keyOf, Map<String, List<String>> ephemeral) {
        List<AssetKey> deps = new ArrayList<>(model.dependsOn().size());
        Set<String> seen = new HashSet<>();
        java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        for (int i = model.dependsOn().size() - 1; i >= 0; i--) {
            stack.push(model.dependsOn().get(i));
        }
        while (!stack.isEmpty()) {
            String upstream = stack.pop();
            if (!seen.add(upstream)) {
                continue;
            }
            List<String> through = ephemeral.get(upstream);
            if (through != null) {
                for (int i = through.size() - 1; i >= 0; i--) {
                    stack.push(through.get(i));
                }
                continue;
            }
            AssetKey dep = keyOf.get(upstream);
            if (dep == null) {
                // As the reference: a depends_on entry that is not a compiled model has no asset to point at.
                log.log(LogSink.Level.DEBUG, "model " + model.name() + " depends on " + upstream
                        + ", which is not a compiled model; no dependency is declared for it");
            } else if (!dep.equals(key) && !deps.contains(dep)) {
                deps.add(dep);
            }
        }
        return deps;
    }
}
