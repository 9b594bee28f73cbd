package dev.rocky.json;

import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky compile --output json} (schema {@code compile.schema.json}, title
 * {@code CompileOutput}). Only the fields the framework reads are mapped.
 *
 * @param version engine version (required)
 * @param command {@code "compile"} (required)
 * @param models number of models (required)
 * @param diagnostics compiler diagnostics (required)
 * @param hasErrors whether any diagnostic is an error (required)
 * @param modelsDetail per-model summaries, or {@code null} when omitted
 */
public record CompileOutput(
        @Required String version,
        @Required String command,
        @Required Long models,
        @Required List<DiagnosticOutput> diagnostics,
        @Required Boolean hasErrors,
        List<ModelDetailOutput> modelsDetail) {

    /**
     * {@code Diagnostic}.
     *
     * @param severity {@code Error}, {@code Warning} or {@code Info} (required)
     * @param code diagnostic code (required)
     * @param message message (required)
     * @param model model name (required)
     */
    public record DiagnosticOutput(@Required String severity, @Required String code, @Required String message, @Required String model) {
    }

    /**
     * {@code ModelDetail}.
     *
     * @param name model name (required)
     * @param strategy strategy (required)
     * @param target target table (required)
     * @param dependsOn upstream model names, or {@code null}
     * @param freshness per-model freshness, or {@code null}
     * @param tags governance tags, or {@code null}
     */
    public record ModelDetailOutput(
            @Required String name,
            @Required StrategyOutput strategy,
            @Required TargetOutput target,
            List<String> dependsOn,
            FreshnessOutput freshness,
            Map<String, String> tags) {
    }

    /**
     * {@code StrategyConfig} (the fields the asset graph uses).
     *
     * @param type strategy type (required)
     * @param granularity {@code hour|day|month|year} for time_interval / microbatch, or {@code null}
     * @param timeColumn time_interval partition column, or {@code null}
     * @param firstPartition first partition key, or {@code null}
     */
    public record StrategyOutput(@Required String type, String granularity, String timeColumn, String firstPartition) {
        ModelStrategy toDomain() {
            return new ModelStrategy(type, Optional.ofNullable(granularity).flatMap(TimeGrain::fromWireName),
                    Optional.ofNullable(timeColumn), Optional.ofNullable(firstPartition));
        }
    }

    /**
     * {@code TargetConfig}.
     *
     * @param catalog catalog (required)
     * @param schema schema (required)
     * @param table table (required)
     */
    public record TargetOutput(@Required String catalog, @Required String schema, @Required String table) {
    }

    /**
     * {@code ModelFreshnessConfig}.
     *
     * @param maxLagSeconds maximum lag in seconds (required)
     */
    public record FreshnessOutput(@Required Long maxLagSeconds) {
    }

    /** @return the domain value */
    public CompileResult toDomain() {
        List<ModelDetail> details = new ArrayList<>();
        if (modelsDetail != null) {
            for (ModelDetailOutput m : modelsDetail) {
                details.add(model(m.name(), m.strategy(), m.target(), m.dependsOn(), m.freshness(), m.tags()));
            }
        }
        List<Diagnostic> diags = new ArrayList<>(diagnostics.size());
        for (DiagnosticOutput d : diagnostics) {
            diags.add(diagnostic(d.severity(), d.code(), d.message(), d.model()));
        }
        return result(version, details, diags, hasErrors);
    }

    /**
     * @return the domain's model of a {@code ModelDetailOutput}'s fields ({@link #toDomain()}'s, and
     *     {@link SlotReader#compileResult}'s, which makes no DTO of the model)
     */
    static ModelDetail model(String name, StrategyOutput strategy, TargetOutput target, List<String> dependsOn, FreshnessOutput freshness,
            Map<String, String> tags) {
        return new ModelDetail(name, strategy.toDomain(), new ModelTarget(target.catalog(), target.schema(), target.table()),
                dependsOn == null ? List.of() : dependsOn,
                freshness == null ? OptionalLong.empty() : OptionalLong.of(freshness.maxLagSeconds()),
                tags == null ? Map.of() : tags);
    }

    /** @return the domain's diagnostic of a {@code DiagnosticOutput}'s fields */
    static Diagnostic diagnostic(String severity, String code, String message, String model) {
        return new Diagnostic(severity, code, message, model);
    }

    /** @return the domain value of a document's fields, its models and diagnostics already the domain's */
    static CompileResult result(String version, List<ModelDetail> details, List<Diagnostic> diagnostics, Boolean hasErrors) {
        return new CompileResult(version, details == null ? List.of() : details, diagnostics, hasErrors);
    }
}
