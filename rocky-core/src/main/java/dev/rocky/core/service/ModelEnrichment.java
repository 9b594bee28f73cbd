package dev.rocky.core.service;

import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.OptimizeRecommendation;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.state.DefsState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the compile and optimize slots add to the asset of a model, indexed by model name once per
 * load: the compiled model (for its freshness), {@code rocky optimize}'s recommendation
 * ({@code rocky/current_strategy}, {@code rocky/recommended_strategy},
 * {@code rocky/estimated_monthly_savings}, {@code rocky/optimize_reasoning}) and the compile
 * diagnostics of warning or error severity ({@code rocky/compile_errors},
 * {@code rocky/compile_warnings} as counts, {@code rocky/compile_diagnostics} one line each).
 * Optimize metadata is merged whenever the state has the slot, as the reference: the
 * {@code surface_optimize_metadata} flag gates the refresh's call only.
 */
final class ModelEnrichment {

    private final Map<String, ModelDetail> models;
    private final Map<String, List<Diagnostic>> diagnostics = new HashMap<>();
    private final Map<String, OptimizeRecommendation> recommendations;
    /** Every name the maps above hold: most tables are named like no model, and are told so without a map lookup. */
    private final NameFilter names;

    /**
     * One pass over each list, each name put in the filter as its map takes it; the maps sized for
     * the lists, so none grows on the way.
     *
     * @param state the state whose compile and optimize slots are indexed (the first of a name wins)
     */
    ModelEnrichment(DefsState state) {
        List<ModelDetail> compiled = state.compile().map(CompileResult::models).orElse(List.of());
        List<Diagnostic> reported = state.compile().map(CompileResult::diagnostics).orElse(List.of());
        List<OptimizeRecommendation> recommended = state.optimize().map(OptimizeResult::recommendations).orElse(List.of());
        models = new HashMap<>(capacity(compiled.size()));
        recommendations = new HashMap<>(capacity(recommended.size()));
        names = new NameFilter(compiled.size() + reported.size() + recommended.size());
        for (ModelDetail m : compiled) {
            if (models.putIfAbsent(m.name(), m) == null) {
                names.add(m.name());
            }
        }
        for (Diagnostic d : reported) {
            if (!d.severity().equalsIgnoreCase("info")) {
                diagnostics.computeIfAbsent(d.model(), k -> new ArrayList<>()).add(d);
                names.add(d.model());
            }
        }
        for (OptimizeRecommendation r : recommended) {
            if (recommendations.putIfAbsent(r.modelName(), r) == null) {
                names.add(r.modelName());
            }
        }
    }

    /** @return a {@code HashMap} capacity that holds {@code entries} without growing */
    private static int capacity(int entries) {
        return entries * 4 / 3 + 1;
    }

    /**
     * A Bloom filter of names: 16 bits per name and two probes (the top bits of two multiplicative
     * hashes of the name's hash), so a name that was added is always "maybe", and one that was not
     * rarely is (then it is looked up; {@code NameFilterTest} bounds it at 3 %).
     * At a million tables against 100,000 models its 256 KB stay in the CPU cache, where the maps'
     * lookups of a million absent names missed it.
     */
    static final class NameFilter {
        private final long[] bits;
        /** 32 minus the number of index bits: a probe is the top bits of a multiplicative hash. */
        private final int shift;

        NameFilter(int names) {
            int size = Integer.highestOneBit(Math.max(64, names * 16 - 1)) << 1;
            bits = new long[size / 64];
            shift = Integer.numberOfLeadingZeros(size) + 1;
        }

        void add(String name) {
            int h = name.hashCode();
            set((h * 0x9E3779B9) >>> shift);
            set((h * 0x7FEB352D + 0x2C1B3C6D) >>> shift);
        }

        boolean mightHave(String name) {
            int h = name.hashCode();
            return isSet((h * 0x9E3779B9) >>> shift) && isSet((h * 0x7FEB352D + 0x2C1B3C6D) >>> shift);
        }

        private void set(int bit) {
            bits[bit >>> 6] |= 1L << bit;
        }

        private boolean isSet(int bit) {
            return (bits[bit >>> 6] & (1L << bit)) != 0;
        }
    }

    /** @return the compiled model of that name */
    Optional<ModelDetail> model(String name) {
        return names.mightHave(name) ? Optional.ofNullable(models.get(name)) : Optional.empty();
    }

    /** Adds the model's optimize recommendation and compile diagnostics to {@code metadata}, when it has any. */
    void enrich(Map<String, MetadataValue> metadata, String modelName) {
        OptimizeRecommendation r = recommendations.get(modelName);
        if (r != null) {
            metadata.put(MetadataKeys.ROCKY_CURRENT_STRATEGY, MetadataValue.text(r.currentStrategy()));
            metadata.put(MetadataKeys.ROCKY_RECOMMENDED_STRATEGY, MetadataValue.text(r.recommendedStrategy()));
            metadata.put(MetadataKeys.ROCKY_ESTIMATED_MONTHLY_SAVINGS, new MetadataValue.FloatValue(r.estimatedMonthlySavings()));
            metadata.put(MetadataKeys.ROCKY_OPTIMIZE_REASONING, MetadataValue.text(r.reasoning()));
        }
        List<Diagnostic> found = diagnostics.get(modelName);
        if (found != null) {
            long errors = found.stream().filter(Diagnostic::isError).count();
            metadata.put(MetadataKeys.ROCKY_COMPILE_ERRORS, MetadataValue.integer(errors));
            metadata.put(MetadataKeys.ROCKY_COMPILE_WARNINGS, MetadataValue.integer(found.size() - errors));
            metadata.put(MetadataKeys.ROCKY_COMPILE_DIAGNOSTICS, MetadataValue.text(String.join("\n",
                    found.stream().map(d -> d.severity() + " " + d.code() + ": " + d.message()).toList())));
        }
    }

    /** @return whether {@link #enrich} adds anything for the model */
    boolean hasAny(String modelName) {
        return names.mightHave(modelName) && (recommendations.containsKey(modelName) || diagnostics.containsKey(modelName));
    }

    /** Logs one warning per model with diagnostics, sorted by model name. */
    void logDiagnostics(LogSink log) {
        diagnostics.entrySet().stream().sorted((a, b) -> a.getKey().compareTo(b.getKey())).forEach(e -> {
            long errors = e.getValue().stream().filter(Diagnostic::isError).count();
            log.warn("rocky compile reported " + errors + " error(s) and " + (e.getValue().size() - errors)
                    + " warning(s) for model " + e.getKey() + ": " + String.join("; ",
                    e.getValue().stream().map(d -> d.code() + " " + d.message()).toList()));
        });
    }
}
