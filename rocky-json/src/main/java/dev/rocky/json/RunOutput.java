package dev.rocky.json;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.MetadataValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky run --output json}, and {@code rocky apply <plan_id>} of a run plan, which prints the
 * same document (schema {@code run.schema.json}, title {@code RunOutput}). Only the fields an
 * orchestrator acts on are bound; the rest (metrics, permissions, cost, …) are kept in the raw
 * bytes.
 *
 * @param version engine version (required)
 * @param command {@code "run"} (required)
 * @param status {@code RunStatus} (required)
 * @param pipelineType {@code pipeline_type}, nullable
 * @param filter the filter (required)
 * @param durationMs wall time in ms (required)
 * @param tablesCopied tables materialized (required)
 * @param tablesFailed tables failed (required)
 * @param materializations {@code MaterializationOutput[]} (required)
 * @param checkResults {@code TableCheckOutput[]} (required)
 * @param errors {@code TableErrorOutput[]}, absent when none
 * @param drift {@code DriftSummary} (required)
 * @param anomalies {@code AnomalyOutput[]}, absent when none
 * @param contained {@code ContainedModelOutput[]}, absent when none
 * @param excludedTables {@code ExcludedTableOutput[]}, absent when none
 * @param interrupted cancelled by SIGINT (required)
 * @param idempotencyKey the key echoed back, nullable
 */
public record RunOutput(
        @Required String version,
        @Required String command,
        @Required String status,
        String pipelineType,
        @Required String filter,
        @Required Long durationMs,
        @Required Long tablesCopied,
        @Required Long tablesFailed,
        @Required List<MaterializationOutput> materializations,
        @Required List<TableCheckOutput> checkResults,
        List<TableErrorOutput> errors,
        @Required DriftSummary drift,
        List<AnomalyOutput> anomalies,
        List<ContainedModelOutput> contained,
        List<ExcludedTableOutput> excludedTables,
        @Required Boolean interrupted,
        String idempotencyKey) implements RunDocument {

    /**
     * {@code MaterializationOutput}.
     *
     * @param assetKey engine key (required)
     * @param rowsCopied rows, nullable
     * @param durationMs ms (required)
     * @param startedAt RFC 3339 (required)
     * @param metadata {@code MaterializationMetadata} (required)
     * @param partition {@code PartitionInfo}, nullable
     */
    public record MaterializationOutput(@Required List<String> assetKey, Long rowsCopied, @Required Long durationMs,
            @Required String startedAt, @Required MetadataOutput metadata, PartitionOutput partition) {
    }

    /**
     * {@code MaterializationMetadata}.
     *
     * @param strategy strategy (required)
     * @param watermark RFC 3339, nullable
     * @param targetTableFullName {@code catalog.schema.table}, nullable
     * @param sqlHash hex, nullable
     * @param columnCount columns, nullable
     * @param compileTimeMs ms, nullable
     */
    public record MetadataOutput(@Required String strategy, String watermark, String targetTableFullName, String sqlHash,
            Long columnCount, Long compileTimeMs) {
    }

    /**
     * {@code PartitionInfo}.
     *
     * @param key canonical key (required)
     * @param start window start (required)
     * @param end window end (required)
     */
    public record PartitionOutput(@Required String key, @Required String start, @Required String end) {
    }

    /**
     * {@code TableCheckOutput}.
     *
     * @param assetKey engine key (required)
     * @param checks {@code CheckResult[]} (required)
     */
    public record TableCheckOutput(@Required List<String> assetKey, @Required List<CheckResultOutput> checks) {
    }

    /**
     * {@code CheckResult}: {@code name}, {@code passed}, {@code severity}, and the fields of its
     * kind (row counts, missing columns, lag, …), kept in the order rocky printed them in
     * {@code details}. Read by {@link CheckResultOutputDeserializer} (Jackson's constructor binding
     * collects an any-setter parameter into a {@code HashMap}, which loses that order).
     *
     * @param name check name (required)
     * @param passed outcome (required)
     * @param severity {@code error} (default) or {@code warning}
     * @param details every other field, in rocky's order
     */
    @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = CheckResultOutputDeserializer.class)
    public record CheckResultOutput(@Required String name, @Required Boolean passed, String severity,
            @JsonAnySetter Map<String, JsonNode> details) {

        /** Keeps an empty map when the check has no other fields. */
        public CheckResultOutput {
            details = details == null ? new LinkedHashMap<>() : details;
        }
    }

    /**
     * {@code TableErrorOutput}.
     *
     * @param assetKey engine key (required)
     * @param error message (required)
     * @param failureKind {@code FailureKind}, default {@code unknown}
     * @param cooldownSeconds backoff hint, nullable
     */
    public record TableErrorOutput(@Required List<String> assetKey, @Required String error, String failureKind,
            Long cooldownSeconds) {
    }

    /**
     * {@code DriftSummary}.
     *
     * @param actionsTaken {@code DriftActionOutput[]} (required)
     * @param tablesChecked {@code tables_checked} (required)
     * @param tablesDrifted {@code tables_drifted} (required)
     */
    public record DriftSummary(@Required List<DriftActionOutput> actionsTaken, @Required Long tablesChecked,
            @Required Long tablesDrifted) {
    }

    /**
     * {@code DriftActionOutput}.
     *
     * @param table table (required)
     * @param action action (required)
     * @param reason reason (required)
     */
    public record DriftActionOutput(@Required String table, @Required String action, @Required String reason) {
    }

    /**
     * {@code AnomalyOutput}.
     *
     * @param table table (required)
     * @param currentCount rows now (required)
     * @param baselineAvg average (required)
     * @param deviationPct percent (required)
     * @param reason reason (required)
     */
    public record AnomalyOutput(@Required String table, @Required Long currentCount, @Required Double baselineAvg,
            @Required Double deviationPct, @Required String reason) {
    }

    /**
     * {@code ContainedModelOutput}.
     *
     * @param model model (required)
     * @param blockedBy upstream models (required)
     * @param unblockHint hint (required)
     */
    public record ContainedModelOutput(@Required String model, @Required List<String> blockedBy, @Required String unblockHint) {
    }

    /**
     * {@code ExcludedTableOutput}.
     *
     * @param assetKey engine key (required)
     * @param reason why it was skipped (required)
     * @param sourceSchema source schema (required)
     * @param tableName table name (required)
     */
    public record ExcludedTableOutput(@Required List<String> assetKey, @Required String reason, @Required String sourceSchema,
            @Required String tableName) {
    }

    /**
     * @param exitCode the process exit code
     * @return the domain value
     * @throws IllegalArgumentException when {@code status} is none of the five run statuses
     */
    @Override
    public RunResult toDomain(int exitCode) {
        RunStatus s = RunStatus.fromWire(status).orElseThrow(() -> new IllegalArgumentException("unknown run status '" + status
                + "' (expected Success, PartialFailure, Failure, SkippedIdempotent or SkippedInFlight)"));
        // one builder for the run's check details: details of one shape share one array of keys
        dev.rocky.core.spec.Maps.OrderedBuilder<String, MetadataValue> details = new dev.rocky.core.spec.Maps.OrderedBuilder<>();
        return new RunResult(s, Optional.ofNullable(pipelineType), filter, durationMs, tablesCopied, tablesFailed,
                each(materializations, RunOutput::materialization),
                each(checkResults, t -> new RunResult.TableChecks(t.assetKey(), each(t.checks(), c -> check(c, details)))),
                list(errors).stream().map(e -> new RunResult.TableError(e.assetKey(), e.error(), FailureKind.fromWire(e.failureKind()),
                        optional(e.cooldownSeconds()))).toList(),
                drift.actionsTaken().stream().map(d -> new RunResult.DriftAction(d.table(), d.action(), d.reason())).toList(),
                drift.tablesChecked(), drift.tablesDrifted(),
                list(anomalies).stream().map(a -> new RunResult.Anomaly(a.table(), a.currentCount(), a.baselineAvg(), a.deviationPct(),
                        a.reason())).toList(),
                list(contained).stream().map(c -> new RunResult.ContainedModel(c.model(), c.blockedBy(), c.unblockHint())).toList(),
                list(excludedTables).stream().map(x -> new RunResult.ExcludedTable(x.assetKey(), x.reason(), x.sourceSchema(),
                        x.tableName())).toList(),
                interrupted, Optional.ofNullable(idempotencyKey), Optional.empty(), exitCode);
    }

    private static RunResult.Materialization materialization(MaterializationOutput m) {
        MetadataOutput md = m.metadata();
        return new RunResult.Materialization(m.assetKey(), optional(m.rowsCopied()), m.durationMs(), m.startedAt(), md.strategy(),
                Optional.ofNullable(md.watermark()), Optional.ofNullable(md.targetTableFullName()), Optional.ofNullable(md.sqlHash()),
                optional(md.columnCount()), optional(md.compileTimeMs()),
                Optional.ofNullable(m.partition()).map(p -> new RunResult.Partition(p.key(), p.start(), p.end())));
    }

    /** The check fields the reference renames when it makes them metadata ({@code check_metadata}, dagster-rocky checks.py). */
    private static final Map<String, String> CHECK_FIELD_NAMES = Map.of("missing", "missing_columns", "extra", "extra_columns");

    /**
     * A check result as the reference keeps its metadata: only populated fields (a {@code null} is
     * left out), {@code missing}/{@code extra} as {@code missing_columns}/{@code extra_columns}
     * joined with {@code ", "} or {@code (none)} when empty; any other field rocky adds is kept too.
     *
     * @param details the run's builder, empty between calls (its maps share their keys)
     */
    private static RunResult.CheckOutcome check(CheckResultOutput c, dev.rocky.core.spec.Maps.OrderedBuilder<String, MetadataValue> details) {
        details.clear(); // (nothing half-built by a check that threw)
        for (Map.Entry<String, JsonNode> field : c.details().entrySet()) {
            String k = field.getKey();
            JsonNode v = field.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            String name = CHECK_FIELD_NAMES.getOrDefault(k, k);
            if (CHECK_FIELD_NAMES.containsKey(k) && v.isArray()) {
                details.put(name, MetadataValue.text(v.isEmpty() ? "(none)" : joined(v)));
            } else {
                details.put(name, metadata(v));
            }
        }
        CheckSeverity severity = CheckSeverity.fromWire(c.severity());
        if (severity == CheckSeverity.WARN) {
            details.put("severity", MetadataValue.text("warning"));
        }
        return new RunResult.CheckOutcome(c.name(), c.passed(), severity, details.build());
    }

    /** @return the array's items as text, joined with {@code ", "} */
    private static String joined(JsonNode array) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(array.get(i).asText());
        }
        return out.toString();
    }

    /**
     * @param v a JSON value
     * @return it as metadata: numbers and booleans typed, strings as text, arrays and objects as
     *     their JSON text, {@code null} as null
     */
    static MetadataValue metadata(JsonNode v) {
        if (v == null || v.isNull()) {
            return new MetadataValue.Null();
        }
        if (v.isIntegralNumber()) {
            return MetadataValue.integer(v.asLong());
        }
        if (v.isNumber()) {
            return new MetadataValue.FloatValue(v.asDouble());
        }
        if (v.isBoolean()) {
            return new MetadataValue.BoolValue(v.asBoolean());
        }
        return MetadataValue.text(v.isTextual() ? v.asText() : v.toString());
    }

    /**
     * @return {@code f} of each item, in order, as an immutable list: the domain records'
     *     {@code List.copyOf} keeps it as it is (of a {@code Stream.toList()}, which may hold nulls,
     *     it makes a copy: a fifth of a run's conversion, with a result per checked table)
     * @throws NullPointerException when {@code f} returns {@code null}
     */
    private static <A, B> List<B> each(List<A> in, java.util.function.Function<? super A, ? extends B> f) {
        Object[] out = new Object[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.apply(in.get(i));
        }
        @SuppressWarnings("unchecked")
        List<B> list = (List<B>) List.of(out);
        return list;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
