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
                details.add(new ModelDetail(m.name(), m.strategy().toDomain(),
                        new ModelTarget(m.target().catalog(), m.target().schema(), m.target().table()),
                        m.dependsOn() == null ? List.of() : m.dependsOn(),
                        m.freshness() == null ? OptionalLong.empty() : OptionalLong.of(m.freshness().maxLagSeconds()),
                        m.tags() == null ? Map.of() : m.tags()));
            }
        }
        List<Diagnostic> diags = new ArrayList<>(diagnostics.size());
        for (DiagnosticOutput d : diagnostics) {
            diags.add(new Diagnostic(d.severity(), d.code(), d.message(), d.model()));
        }
        return new CompileResult(version, details, diags, hasErrors);
    }
}
