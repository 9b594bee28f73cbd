package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.OptimizeRecommendation;
import dev.rocky.core.model.OptimizeResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the state document's command slots ({@code discover}, {@code compile}, {@code optimize})
 * to the same DTOs {@link RockyJson}'s mapper binds rocky's stdout to, straight from a streaming
 * parser: no {@code ObjectMapper}, so no deserializer is built by introspection when a process
 * starts (about 110 ms of a fresh JVM's {@code defs} went into building the discover reader alone),
 * and no creator buffer per model or source. The state's load takes the {@code *Result} methods,
 * which read by the same rules and make the domain's records where the DTOs' {@code toDomain()}
 * would make them of each table, model and recommendation: no DTO of those, and no second pass
 * over them.
 *
 * <p>The rules are the DTOs' annotations as the shared mapper enforces them: a {@link Required}
 * field missing or {@code null} is an error; a string is only a JSON string, a whole number only a
 * JSON integer within a {@code long}, a boolean only {@code true}/{@code false}, a fraction a JSON
 * number; a list is only an array and holds no {@code null}; a map is only an object and holds no
 * {@code null} value, except the source's {@code components} and {@code metadata}, whose values
 * are any JSON (a {@code null} kept as {@link NullNode}); fields a DTO does not map are skipped.
 * A key repeated in one object keeps its last value, as Python's {@code json} module
 * (dagster-rocky's reader of the same state) does; the mapper, with the duplicate check off as the
 * state codec had it, did so for a one-word field, a table and a map's key, but refused a repeated
 * snake_case field for want of a setter. {@code SlotReaderTest} holds the two bindings equal on
 * every recording, on synthetic documents with every field, and on seeded mutations of them.
 *
 * <p>Errors are {@link JsonMappingException}s whose path ({@link RockyJson#jsonPath}) names the
 * field from the slot's root, e.g. {@code $.sources[3].tables[0].name}. Stateless and thread-safe.
 */
public final class SlotReader {

    private SlotReader() {
    }

    /**
     * @param p a parser at the slot's first token ({@code START_OBJECT}); left at its last
     * @return {@code rocky discover}'s document
     * @throws IOException a syntax error, or a {@link JsonMappingException} naming the path of a
     *     value the DTO refuses
     */
    public static DiscoverOutput discover(JsonParser p) throws IOException {
        return new Cursor(p).discover();
    }

    /**
     * As {@link #discover} followed by {@link DiscoverOutput#toDomain()}, with the same rules and
     * errors, but each table and source is made the domain's record where it is read: no DTO of
     * them, and no second pass over a large project's tables (the state's load; 15-25 ms of a
     * fresh process's 100,000-table load went into that pass).
     *
     * @param p a parser at the slot's first token ({@code START_OBJECT}); left at its last
     * @return {@code rocky discover}'s document as the domain holds it
     * @throws IOException as {@link #discover}
     * @throws IllegalArgumentException a value the domain's records refuse
     */
    public static DiscoverResult discoverResult(JsonParser p) throws IOException {
        return new Cursor(p).discoverResult();
    }

    /**
     * @param p a parser at the slot's first token; left at its last
     * @return {@code rocky compile}'s document
     * @throws IOException as {@link #discover}
     */
    public static CompileOutput compile(JsonParser p) throws IOException {
        return new Cursor(p).compile();
    }

    /**
     * As {@link #compile} followed by {@link CompileOutput#toDomain()}, each model and diagnostic
     * made the domain's record where it is read (as {@link #discoverResult}).
     *
     * @param p a parser at the slot's first token; left at its last
     * @return {@code rocky compile}'s document as the domain holds it
     * @throws IOException as {@link #discover}
     * @throws IllegalArgumentException a value the domain's records refuse
     */
    public static CompileResult compileResult(JsonParser p) throws IOException {
        return new Cursor(p).compileResult();
    }

    /**
     * @param p a parser at the slot's first token; left at its last
     * @return {@code rocky optimize}'s document
     * @throws IOException as {@link #discover}
     */
    public static OptimizeOutput optimize(JsonParser p) throws IOException {
        return new Cursor(p).optimize();
    }

    /**
     * As {@link #optimize} followed by {@link OptimizeOutput#toDomain()}, each recommendation made
     * the domain's record where it is read (as {@link #discoverResult}).
     *
     * @param p a parser at the slot's first token; left at its last
     * @return {@code rocky optimize}'s document as the domain holds it
     * @throws IOException as {@link #discover}
     * @throws IllegalArgumentException a value the domain's records refuse
     */
    public static OptimizeResult optimizeResult(JsonParser p) throws IOException {
        return new Cursor(p).optimizeResult();
    }

    /** A discover document's top-level fields, its sources made by a {@link DiscoverParts}. */
    private record DiscoverFields<S>(String version, String command, List<S> sources, DiscoverOutput.ChecksConfigOutput checks,
            List<DiscoverOutput.FailedSourceOutput> failed, List<DiscoverOutput.CollisionCandidateOutput> collisions,
            List<String> newSources) {
    }

    /** What a discover document's sources and tables are made into, from their fields as read. */
    private interface DiscoverParts<S, T> {
        T table(String name, Long rowCount);

        S source(String id, Map<String, JsonNode> components, String sourceType, String lastSyncAt, List<T> tables,
                Map<String, JsonNode> metadata);
    }

    /** The DTOs, as {@link RockyJson}'s mapper makes them. */
    private static final DiscoverParts<DiscoverOutput.SourceOutput, DiscoverOutput.TableOutput> WIRE = new DiscoverParts<>() {
        @Override
        public DiscoverOutput.TableOutput table(String name, Long rowCount) {
            return new DiscoverOutput.TableOutput(name, rowCount);
        }

        @Override
        public DiscoverOutput.SourceOutput source(String id, Map<String, JsonNode> components, String sourceType, String lastSyncAt,
                List<DiscoverOutput.TableOutput> tables, Map<String, JsonNode> metadata) {
            return new DiscoverOutput.SourceOutput(id, components, sourceType, lastSyncAt, tables, metadata);
        }
    };

    /** The domain's records, as {@link DiscoverOutput#toDomain()} makes them of the DTOs. */
    private static final DiscoverParts<Source, Table> DOMAIN = new DiscoverParts<>() {
        @Override
        public Table table(String name, Long rowCount) {
            return DiscoverOutput.table(name, rowCount);
        }

        @Override
        public Source source(String id, Map<String, JsonNode> components, String sourceType, String lastSyncAt, List<Table> tables,
                Map<String, JsonNode> metadata) {
            return DiscoverOutput.source(id, components, sourceType, lastSyncAt, tables, metadata);
        }
    };

    /** A compile document's fields, its models and diagnostics made by a {@link CompileParts}. */
    private record CompileFields<M, D>(String version, String command, Long models, List<D> diagnostics, Boolean hasErrors,
            List<M> details) {
    }

    /** What a compile document's models and diagnostics are made into, from their fields as read. */
    private interface CompileParts<M, D> {
        M model(String name, CompileOutput.StrategyOutput strategy, CompileOutput.TargetOutput target, List<String> dependsOn,
                CompileOutput.FreshnessOutput freshness, Map<String, String> tags);

        D diagnostic(String severity, String code, String message, String model);
    }

    /** The DTOs, as {@link RockyJson}'s mapper makes them. */
    private static final CompileParts<CompileOutput.ModelDetailOutput, CompileOutput.DiagnosticOutput> COMPILE_WIRE = new CompileParts<>() {
        @Override
        public CompileOutput.ModelDetailOutput model(String name, CompileOutput.StrategyOutput strategy, CompileOutput.TargetOutput target,
                List<String> dependsOn, CompileOutput.FreshnessOutput freshness, Map<String, String> tags) {
            return new CompileOutput.ModelDetailOutput(name, strategy, target, dependsOn, freshness, tags);
        }

        @Override
        public CompileOutput.DiagnosticOutput diagnostic(String severity, String code, String message, String model) {
            return new CompileOutput.DiagnosticOutput(severity, code, message, model);
        }
    };

    /** The domain's records, as {@link CompileOutput#toDomain()} makes them of the DTOs. */
    private static final CompileParts<ModelDetail, Diagnostic> COMPILE_DOMAIN = new CompileParts<>() {
        @Override
        public ModelDetail model(String name, CompileOutput.StrategyOutput strategy, CompileOutput.TargetOutput target,
                List<String> dependsOn, CompileOutput.FreshnessOutput freshness, Map<String, String> tags) {
            return CompileOutput.model(name, strategy, target, dependsOn, freshness, tags);
        }

        @Override
        public Diagnostic diagnostic(String severity, String code, String message, String model) {
            return CompileOutput.diagnostic(severity, code, message, model);
        }
    };

    /** An optimize document's fields, its recommendations made by a {@link RecommendationParts}. */
    private record OptimizeFields<R>(String version, String command, List<R> recommendations, Long analyzed) {
    }

    /** What an optimize document's recommendations are made into, from their fields as read. */
    private interface RecommendationParts<R> {
        R recommendation(String modelName, String currentStrategy, String recommendedStrategy, Double estimatedMonthlySavings,
                String reasoning);
    }

    /*
     * The recommendations' makers are classes, not method references: a reference to a method of
     * five parameters makes the JVM generate a method-handle form the first time it is linked,
     * which the start-up archive does not hold (milliseconds of a new process's load).
     */

    /** The DTO, as {@link RockyJson}'s mapper makes it. */
    private static final RecommendationParts<OptimizeOutput.RecommendationOutput> RECOMMENDATION_WIRE = new RecommendationParts<>() {
        @Override
        public OptimizeOutput.RecommendationOutput recommendation(String modelName, String currentStrategy, String recommendedStrategy,
                Double estimatedMonthlySavings, String reasoning) {
            return new OptimizeOutput.RecommendationOutput(modelName, currentStrategy, recommendedStrategy, estimatedMonthlySavings,
                    reasoning);
        }
    };

    /** The domain's record, as {@link OptimizeOutput#toDomain()} makes it of the DTO. */
    private static final RecommendationParts<OptimizeRecommendation> RECOMMENDATION_DOMAIN = new RecommendationParts<>() {
        @Override
        public OptimizeRecommendation recommendation(String modelName, String currentStrategy, String recommendedStrategy,
                Double estimatedMonthlySavings, String reasoning) {
            return OptimizeOutput.recommendation(modelName, currentStrategy, recommendedStrategy, estimatedMonthlySavings, reasoning);
        }
    };

    /** Reads one element of a list or one value of a map, at its first token. */
    @FunctionalInterface
    private interface Item<T> {
        T read(JsonToken first) throws IOException;
    }

    /** Slots of {@code Cursor.texts}: a power of two. */
    private static final int TEXT_SLOTS = 4096;

    /** The parser and the path from the slot's root to the value being read. */
    private static final class Cursor {

        private final JsonParser p;
        /** The table names and repeating texts read so far, one per slot by hash (made at the first); see {@link #shared}. */
        private String[] texts;
        /** The path from the root, one step per level: a field's name, or null and a list index. */
        private String[] names = new String[16];
        private int[] indexes = new int[16];
        private int depth;
        /** The {@link Fields} of each level of open objects, made on first use; {@link #level} of them in use. */
        private Fields[] fieldsByLevel = new Fields[8];
        private int level;

        Cursor(JsonParser p) {
            this.p = p;
        }

        // ---- the DTOs, one method each: fields by their wire name, unknown ones skipped ----

        DiscoverOutput discover() throws IOException {
            DiscoverFields<DiscoverOutput.SourceOutput> d = discoverFields(WIRE);
            return new DiscoverOutput(d.version, d.command, d.sources, d.checks, d.failed, d.collisions, d.newSources);
        }

        DiscoverResult discoverResult() throws IOException {
            DiscoverFields<Source> d = discoverFields(DOMAIN);
            return DiscoverOutput.result(d.version, d.sources, d.checks, d.failed, d.collisions, d.newSources);
        }

        /** The discover document's fields, its sources and tables made by {@code parts}. */
        private <S, T> DiscoverFields<S> discoverFields(DiscoverParts<S, T> parts) throws IOException {
            String version = null;
            String command = null;
            List<S> sources = null;
            DiscoverOutput.ChecksConfigOutput checks = null;
            List<DiscoverOutput.FailedSourceOutput> failed = null;
            List<DiscoverOutput.CollisionCandidateOutput> collisions = null;
            List<String> newSources = null;
            Fields f = open(p.currentToken(), "DiscoverOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "version" -> version = string(t, true);
                    case "command" -> command = string(t, true);
                    case "sources" -> sources = list(t, true, first -> source(first, parts));
                    case "checks" -> checks = t == JsonToken.VALUE_NULL ? null : checks(t);
                    case "failed_sources" -> failed = list(t, false, this::failedSource);
                    case "collision_candidates" -> collisions = list(t, false, this::collision);
                    case "new_sources" -> newSources = list(t, false, this::requiredString);
                    default -> p.skipChildren();
                }
            }
            f.require("version", version).require("command", command).require("sources", sources);
            return new DiscoverFields<>(version, command, sources, checks, failed, collisions, newSources);
        }

        private <S, T> S source(JsonToken first, DiscoverParts<S, T> parts) throws IOException {
            String id = null;
            Map<String, JsonNode> components = null;
            String sourceType = null;
            String lastSyncAt = null;
            List<T> tables = null;
            Map<String, JsonNode> metadata = null;
            Fields f = open(first, "SourceOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "id" -> id = string(t, true);
                    case "components" -> components = anyValues(t, true);
                    case "source_type" -> sourceType = shared(t, true);
                    case "last_sync_at" -> lastSyncAt = string(t, false);
                    case "tables" -> tables = list(t, true, table -> table(table, parts));
                    case "metadata" -> metadata = anyValues(t, false);
                    default -> p.skipChildren();
                }
            }
            f.require("id", id).require("components", components).require("source_type", sourceType).require("tables", tables);
            return parts.source(id, components, sourceType, lastSyncAt, tables, metadata);
        }

        private <T> T table(JsonToken first, DiscoverParts<?, T> parts) throws IOException {
            String name = null;
            Long rowCount = null;
            Fields f = open(first, "TableOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "name" -> name = shared(t, true); // a project whose sources hold the same tables keeps each name once
                    case "row_count" -> rowCount = wholeNumber(t, false);
                    default -> p.skipChildren();
                }
            }
            f.require("name", name);
            return parts.table(name, rowCount);
        }

        private DiscoverOutput.ChecksConfigOutput checks(JsonToken first) throws IOException {
            DiscoverOutput.FreshnessConfigOutput freshness = null;
            Map<String, List<DiscoverOutput.ResolvedCheckNameOutput>> configured = null;
            Fields f = open(first, "ChecksConfigOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "freshness" -> freshness = t == JsonToken.VALUE_NULL ? null : freshness(t);
                    case "configured_checks" -> configured = map(t, false, v -> list(v, true, this::resolvedCheck));
                    default -> p.skipChildren();
                }
            }
            return new DiscoverOutput.ChecksConfigOutput(freshness, configured);
        }

        private DiscoverOutput.FreshnessConfigOutput freshness(JsonToken first) throws IOException {
            Long threshold = null;
            Fields f = open(first, "FreshnessConfigOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                if (f.name.equals("threshold_seconds")) {
                    threshold = wholeNumber(t, true);
                } else {
                    p.skipChildren();
                }
            }
            f.require("threshold_seconds", threshold);
            return new DiscoverOutput.FreshnessConfigOutput(threshold);
        }

        private DiscoverOutput.ResolvedCheckNameOutput resolvedCheck(JsonToken first) throws IOException {
            String kind = null;
            String name = null;
            Boolean candidate = null;
            Fields f = open(first, "ResolvedCheckNameOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "kind" -> kind = shared(t, true);
                    case "name" -> name = string(t, true);
                    case "candidate" -> candidate = bool(t, false);
                    default -> p.skipChildren();
                }
            }
            f.require("kind", kind).require("name", name);
            return new DiscoverOutput.ResolvedCheckNameOutput(kind, name, candidate);
        }

        private DiscoverOutput.FailedSourceOutput failedSource(JsonToken first) throws IOException {
            String id = null;
            String schema = null;
            String sourceType = null;
            String errorClass = null;
            String message = null;
            Long cooldown = null;
            Fields f = open(first, "FailedSourceOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "id" -> id = string(t, true);
                    case "schema" -> schema = shared(t, true);
                    case "source_type" -> sourceType = shared(t, true);
                    case "error_class" -> errorClass = shared(t, true);
                    case "message" -> message = string(t, true);
                    case "cooldown_seconds" -> cooldown = wholeNumber(t, false);
                    default -> p.skipChildren();
                }
            }
            f.require("id", id).require("schema", schema).require("source_type", sourceType).require("error_class", errorClass)
                    .require("message", message);
            return new DiscoverOutput.FailedSourceOutput(id, schema, sourceType, errorClass, message, cooldown);
        }

        private DiscoverOutput.CollisionCandidateOutput collision(JsonToken first) throws IOException {
            String id = null;
            List<String> sources = null;
            Fields f = open(first, "CollisionCandidateOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "external_object_id" -> id = string(t, true);
                    case "sources" -> sources = list(t, true, this::requiredString);
                    default -> p.skipChildren();
                }
            }
            f.require("external_object_id", id).require("sources", sources);
            return new DiscoverOutput.CollisionCandidateOutput(id, sources);
        }

        CompileOutput compile() throws IOException {
            CompileFields<CompileOutput.ModelDetailOutput, CompileOutput.DiagnosticOutput> c = compileFields(COMPILE_WIRE);
            return new CompileOutput(c.version, c.command, c.models, c.diagnostics, c.hasErrors, c.details);
        }

        CompileResult compileResult() throws IOException {
            CompileFields<ModelDetail, Diagnostic> c = compileFields(COMPILE_DOMAIN);
            return CompileOutput.result(c.version, c.details, c.diagnostics, c.hasErrors);
        }

        /** The compile document's fields, its models and diagnostics made by {@code parts}. */
        private <M, D> CompileFields<M, D> compileFields(CompileParts<M, D> parts) throws IOException {
            String version = null;
            String command = null;
            Long models = null;
            List<D> diagnostics = null;
            Boolean hasErrors = null;
            List<M> details = null;
            Fields f = open(p.currentToken(), "CompileOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "version" -> version = string(t, true);
                    case "command" -> command = string(t, true);
                    case "models" -> models = wholeNumber(t, true);
                    case "diagnostics" -> diagnostics = list(t, true, first -> diagnostic(first, parts));
                    case "has_errors" -> hasErrors = bool(t, true);
                    case "models_detail" -> details = list(t, false, first -> modelDetail(first, parts));
                    default -> p.skipChildren();
                }
            }
            f.require("version", version).require("command", command).require("models", models).require("diagnostics", diagnostics)
                    .require("has_errors", hasErrors);
            return new CompileFields<>(version, command, models, diagnostics, hasErrors, details);
        }

        private <D> D diagnostic(JsonToken first, CompileParts<?, D> parts) throws IOException {
            String severity = null;
            String code = null;
            String message = null;
            String model = null;
            Fields f = open(first, "DiagnosticOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "severity" -> severity = shared(t, true);
                    case "code" -> code = shared(t, true);
                    case "message" -> message = string(t, true);
                    case "model" -> model = string(t, true);
                    default -> p.skipChildren();
                }
            }
            f.require("severity", severity).require("code", code).require("message", message).require("model", model);
            return parts.diagnostic(severity, code, message, model);
        }

        private <M> M modelDetail(JsonToken first, CompileParts<M, ?> parts) throws IOException {
            String name = null;
            CompileOutput.StrategyOutput strategy = null;
            CompileOutput.TargetOutput target = null;
            List<String> dependsOn = null;
            CompileOutput.FreshnessOutput freshness = null;
            Map<String, String> tags = null;
            Fields f = open(first, "ModelDetailOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "name" -> name = string(t, true);
                    case "strategy" -> strategy = t == JsonToken.VALUE_NULL ? nullRequired() : strategy(t);
                    case "target" -> target = t == JsonToken.VALUE_NULL ? nullRequired() : target(t);
                    case "depends_on" -> dependsOn = list(t, false, this::requiredString);
                    case "freshness" -> freshness = t == JsonToken.VALUE_NULL ? null : modelFreshness(t);
                    case "tags" -> tags = map(t, false, this::requiredString);
                    default -> p.skipChildren();
                }
            }
            f.require("name", name).require("strategy", strategy).require("target", target);
            return parts.model(name, strategy, target, dependsOn, freshness, tags);
        }

        private CompileOutput.StrategyOutput strategy(JsonToken first) throws IOException {
            String type = null;
            String granularity = null;
            String timeColumn = null;
            String firstPartition = null;
            Fields f = open(first, "StrategyOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "type" -> type = shared(t, true);
                    case "granularity" -> granularity = shared(t, false);
                    case "time_column" -> timeColumn = shared(t, false);
                    case "first_partition" -> firstPartition = string(t, false);
                    default -> p.skipChildren();
                }
            }
            f.require("type", type);
            return new CompileOutput.StrategyOutput(type, granularity, timeColumn, firstPartition);
        }

        private CompileOutput.TargetOutput target(JsonToken first) throws IOException {
            String catalog = null;
            String schema = null;
            String table = null;
            Fields f = open(first, "TargetOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "catalog" -> catalog = shared(t, true);
                    case "schema" -> schema = shared(t, true);
                    case "table" -> table = string(t, true);
                    default -> p.skipChildren();
                }
            }
            f.require("catalog", catalog).require("schema", schema).require("table", table);
            return new CompileOutput.TargetOutput(catalog, schema, table);
        }

        private CompileOutput.FreshnessOutput modelFreshness(JsonToken first) throws IOException {
            Long maxLag = null;
            Fields f = open(first, "FreshnessOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                if (f.name.equals("max_lag_seconds")) {
                    maxLag = wholeNumber(t, true);
                } else {
                    p.skipChildren();
                }
            }
            f.require("max_lag_seconds", maxLag);
            return new CompileOutput.FreshnessOutput(maxLag);
        }

        OptimizeOutput optimize() throws IOException {
            OptimizeFields<OptimizeOutput.RecommendationOutput> o = optimizeFields(RECOMMENDATION_WIRE);
            return new OptimizeOutput(o.version, o.command, o.recommendations, o.analyzed);
        }

        OptimizeResult optimizeResult() throws IOException {
            OptimizeFields<OptimizeRecommendation> o = optimizeFields(RECOMMENDATION_DOMAIN);
            return new OptimizeResult(o.version, o.recommendations);
        }

        /** The optimize document's fields, its recommendations made by {@code parts}. */
        private <R> OptimizeFields<R> optimizeFields(RecommendationParts<R> parts) throws IOException {
            String version = null;
            String command = null;
            List<R> recommendations = null;
            Long analyzed = null;
            Fields f = open(p.currentToken(), "OptimizeOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "version" -> version = string(t, true);
                    case "command" -> command = string(t, true);
                    case "recommendations" -> recommendations = list(t, true, first -> recommendation(first, parts));
                    case "total_models_analyzed" -> analyzed = wholeNumber(t, true);
                    default -> p.skipChildren();
                }
            }
            f.require("version", version).require("command", command).require("recommendations", recommendations)
                    .require("total_models_analyzed", analyzed);
            return new OptimizeFields<>(version, command, recommendations, analyzed);
        }

        private <R> R recommendation(JsonToken first, RecommendationParts<R> parts) throws IOException {
            String model = null;
            String current = null;
            String recommended = null;
            Double savings = null;
            String reasoning = null;
            Fields f = open(first, "RecommendationOutput");
            for (JsonToken t; (t = f.next()) != null; f.done()) {
                switch (f.name) {
                    case "model_name" -> model = string(t, true);
                    case "current_strategy" -> current = shared(t, true);
                    case "recommended_strategy" -> recommended = shared(t, true);
                    case "estimated_monthly_savings" -> savings = fraction(t, true);
                    case "reasoning" -> reasoning = shared(t, true);
                    default -> p.skipChildren();
                }
            }
            f.require("model_name", model).require("current_strategy", current).require("recommended_strategy", recommended)
                    .require("estimated_monthly_savings", savings).require("reasoning", reasoning);
            return parts.recommendation(model, current, recommended, savings, reasoning);
        }

        // ---- values ----

        /**
         * The fields of one object: {@link #next} moves to each value, {@link #done} leaves it.
         * One per level of nesting, reused by the next object at that level once this one has
         * ended (a state of 100,000 tables opens 140,000 objects).
         */
        private final class Fields {
            private String type;
            String name;

            /** @return the next field's first value token, its name in {@link #name}; null at the object's end */
            JsonToken next() throws IOException {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    level--; // this level's Fields is free for the next object opened there
                    return null;
                }
                name = p.currentName();
                enter(name, -1);
                return p.nextToken();
            }

            void done() {
                depth--;
            }

            /**
             * Refuses a required field the object did not have (one it had as {@code null} was
             * refused where it was read).
             */
            Fields require(String field, Object value) throws JsonMappingException {
                if (value == null) {
                    throw fail("the required field '" + field + "' of " + type + " is missing", field);
                }
                return this;
            }

            private JsonMappingException fail(String message, String field) {
                enter(field, -1);
                JsonMappingException e = failHere(message);
                depth--;
                return e;
            }
        }

        /**
         * @return the fields of the object that starts at {@code first}, read to its end with
         *     {@link Fields#next} before the enclosing object reads on
         */
        private Fields open(JsonToken first, String type) throws JsonMappingException {
            if (first != JsonToken.START_OBJECT) {
                throw mismatch("an object (" + type + ")", first);
            }
            if (level == fieldsByLevel.length) {
                fieldsByLevel = java.util.Arrays.copyOf(fieldsByLevel, level * 2);
            }
            Fields f = fieldsByLevel[level];
            if (f == null) {
                f = new Fields();
                fieldsByLevel[level] = f;
            }
            level++;
            f.type = type;
            f.name = null;
            return f;
        }

        private String requiredString(JsonToken t) throws IOException {
            return string(t, true);
        }

        /**
         * A string of a field whose values repeat from record to record (a table's name across
         * tenants' sources, a source's type, a model's strategy and target schema, a
         * recommendation's strategies and reasoning): the same instance as the last text read into
         * the same slot of {@link #texts} when the text is the same, else a new string, hashed while
         * its characters are in the cache (as {@code TableOutputDeserializer} does), that takes the
         * slot. 10,000 models name a few strategies and schemas: a few strings, not one per model.
         */
        private String shared(JsonToken t, boolean required) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                return string(t, required); // null where allowed, else refused with its path
            }
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            int hash = 0;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + chars[offset + i]; // String.hashCode's
            }
            if (texts == null) {
                texts = new String[TEXT_SLOTS];
            }
            int slot = (hash ^ (hash >>> 16)) & (TEXT_SLOTS - 1);
            String known = texts[slot];
            if (known != null && known.length() == length && known.hashCode() == hash && sameText(known, chars, offset)) {
                return known;
            }
            String text = new String(chars, offset, length);
            text.hashCode();
            texts[slot] = text;
            return text;
        }

        private static boolean sameText(String known, char[] chars, int offset) {
            for (int i = 0; i < known.length(); i++) {
                if (known.charAt(i) != chars[offset + i]) {
                    return false;
                }
            }
            return true;
        }

        private String string(JsonToken t, boolean required) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            throw mismatch("a string", t);
        }

        private Long wholeNumber(JsonToken t, boolean required) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType type = p.getNumberType();
                if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                    throw failHere("the whole number " + p.getText() + " is out of the range of a 64-bit integer");
                }
                return p.getLongValue();
            }
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            throw mismatch("a whole number", t);
        }

        private Double fraction(JsonToken t, boolean required) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                return p.getDoubleValue();
            }
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            throw mismatch("a number", t);
        }

        private Boolean bool(JsonToken t, boolean required) throws IOException {
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                return t == JsonToken.VALUE_TRUE;
            }
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            throw mismatch("true or false", t);
        }

        private <T> T nullRequired() throws JsonMappingException {
            throw mismatch("a value", JsonToken.VALUE_NULL);
        }

        /** A list: an array (or {@code null} when not required) of non-null elements; unmodifiable. */
        private <T> List<T> list(JsonToken t, boolean required, Item<T> element) throws IOException {
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            if (t != JsonToken.START_ARRAY) {
                throw mismatch("an array", t);
            }
            ArrayList<T> out = new ArrayList<>();
            for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                enter(null, out.size());
                if (e == JsonToken.VALUE_NULL) {
                    throw failHere("a list holds null");
                }
                out.add(element.read(e));
                depth--;
            }
            return Collections.unmodifiableList(out);
        }

        /** A map: an object (or {@code null} when not required) of non-null values, in order. */
        private <T> Map<String, T> map(JsonToken t, boolean required, Item<T> value) throws IOException {
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw mismatch("an object", t);
            }
            Map<String, T> out = new LinkedHashMap<>();
            Fields f = open(t, "map");
            for (JsonToken v; (v = f.next()) != null; f.done()) {
                if (v == JsonToken.VALUE_NULL) {
                    throw failHere("a map holds a null value");
                }
                out.put(f.name, value.read(v));
            }
            return out;
        }

        /** A map whose values are any JSON, a {@code null} one as {@link NullNode}. */
        private Map<String, JsonNode> anyValues(JsonToken t, boolean required) throws IOException {
            if (t == JsonToken.VALUE_NULL && !required) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw mismatch("an object", t);
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            Fields f = open(t, "map");
            for (JsonToken v; (v = f.next()) != null; f.done()) {
                out.put(f.name, tree(v));
            }
            return out;
        }

        /** Any JSON value as a tree, as the mapper's {@code readTree} builds it (the last of a repeated key kept). */
        private JsonNode tree(JsonToken t) throws IOException {
            return JsonTrees.value(p, t, false);
        }

        // ---- errors ----

        private JsonMappingException mismatch(String expected, JsonToken found) {
            return failHere("expected " + expected + ", found " + describe(found));
        }

        /** One level down the path: a field ({@code index} -1) or a list's element ({@code name} null). */
        private void enter(String name, int index) {
            if (depth == names.length) {
                names = java.util.Arrays.copyOf(names, depth * 2);
                indexes = java.util.Arrays.copyOf(indexes, depth * 2);
            }
            names[depth] = name;
            indexes[depth++] = index;
        }

        /** An error at the current path. */
        private JsonMappingException failHere(String message) {
            JsonMappingException e = JsonMappingException.from(p, message);
            for (int i = depth - 1; i >= 0; i--) {
                if (names[i] == null) {
                    e.prependPath(null, indexes[i]);
                } else {
                    e.prependPath(null, names[i]);
                }
            }
            return e;
        }
    }

    /**
     * @param token a value's first token
     * @return what kind of JSON value it starts, for messages ({@code "a whole number"}, {@code "null"})
     */
    static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> String.valueOf(token);
        };
    }
}
