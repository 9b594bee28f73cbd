package dev.rocky.core.spec;

/**
 * Every metadata key rocky-java writes on asset specs and events, in one place: the load writes
 * them, the materialize side and the CLI read and print them. The names are the reference's
 * (dagster-rocky 1.63: {@code RockyMetadataSet}, {@code _emit_results}, {@code _emit_placeholder_checks},
 * {@code checks.py}), so a user migrating from it finds each value under the key it had. No stage
 * finds its own data through these keys: the engine identity of an asset travels as a
 * {@link RunTarget}; these are what users and orchestrators read.
 *
 * <p>The translator SPI's default tags ({@code rocky/source_type}, {@code rocky/model_name}, …)
 * are its plugins' contract and live with it ({@code dev.rocky.translator.spi.RockyTranslator}).
 */
public final class MetadataKeys {

    // ---- Dagster's standard keys (read by its UI and Insights) ----

    /** {@code dagster/column_lineage}: Written by BuildDefinitions. */
    public static final String DAGSTER_COLUMN_LINEAGE = "dagster/column_lineage";

    /** {@code dagster/duration_ms}: Written by RunEventCollector. */
    public static final String DAGSTER_DURATION_MS = "dagster/duration_ms";

    /** {@code dagster/row_count}: Written by CheckCompletion, RunEventCollector, RunEventWriter. */
    public static final String DAGSTER_ROW_COUNT = "dagster/row_count";

    // ---- The reference's RockyMetadataSet keys, on materializations and discovered tables ----

    /** {@code dagster-rocky/column_count}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_COLUMN_COUNT = "dagster-rocky/column_count";

    /** {@code dagster-rocky/compile_time_ms}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_COMPILE_TIME_MS = "dagster-rocky/compile_time_ms";

    /** {@code dagster-rocky/duration_ms}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_DURATION_MS = "dagster-rocky/duration_ms";

    /** {@code dagster-rocky/rows_copied}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_ROWS_COPIED = "dagster-rocky/rows_copied";

    /** {@code dagster-rocky/source_id}: Written by BuildDefinitions. */
    public static final String DAGSTER_ROCKY_SOURCE_ID = "dagster-rocky/source_id";

    /** {@code dagster-rocky/source_type}: Written by BuildDefinitions. */
    public static final String DAGSTER_ROCKY_SOURCE_TYPE = "dagster-rocky/source_type";

    /** {@code dagster-rocky/sql_hash}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_SQL_HASH = "dagster-rocky/sql_hash";

    /** {@code dagster-rocky/strategy}: Written by BuildDefinitions, RunEventCollector, RunEventWriter. */
    public static final String DAGSTER_ROCKY_STRATEGY = "dagster-rocky/strategy";

    /** {@code dagster-rocky/target_table_full_name}: Written by BuildDefinitions, RunEventCollector. */
    public static final String DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME = "dagster-rocky/target_table_full_name";

    /** {@code dagster-rocky/watermark}: Written by RunEventCollector. */
    public static final String DAGSTER_ROCKY_WATERMARK = "dagster-rocky/watermark";

    // ---- rocky-java's and the reference's rocky/ keys ----

    /** {@code rocky/baseline_avg}: Written by RunEventCollector. */
    public static final String ROCKY_BASELINE_AVG = "rocky/baseline_avg";

    /** {@code rocky/blocked_by}: Written by RunEventCollector, RunEventWriter. */
    public static final String ROCKY_BLOCKED_BY = "rocky/blocked_by";

    /** {@code rocky/compile_diagnostics}: Written by BuildDefinitions. */
    public static final String ROCKY_COMPILE_DIAGNOSTICS = "rocky/compile_diagnostics";

    /** {@code rocky/compile_errors}: Written by BuildDefinitions. */
    public static final String ROCKY_COMPILE_ERRORS = "rocky/compile_errors";

    /** {@code rocky/compile_warnings}: Written by BuildDefinitions. */
    public static final String ROCKY_COMPILE_WARNINGS = "rocky/compile_warnings";

    /** {@code rocky/compliance_exception_count}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_EXCEPTION_COUNT = "rocky/compliance_exception_count";

    /** {@code rocky/compliance_models}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_MODELS = "rocky/compliance_models";

    /** {@code rocky/compliance_reasons}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_REASONS = "rocky/compliance_reasons";

    /** {@code rocky/compliance_total_classified}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_TOTAL_CLASSIFIED = "rocky/compliance_total_classified";

    /** {@code rocky/compliance_total_exceptions}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_TOTAL_EXCEPTIONS = "rocky/compliance_total_exceptions";

    /** {@code rocky/compliance_total_masked}: Written by GovernanceEvents. */
    public static final String ROCKY_COMPLIANCE_TOTAL_MASKED = "rocky/compliance_total_masked";

    /** {@code rocky/contained}: Written by RunEventCollector, RunEventWriter. */
    public static final String ROCKY_CONTAINED = "rocky/contained";

    /** {@code rocky/current_count}: Written by RunEventCollector. */
    public static final String ROCKY_CURRENT_COUNT = "rocky/current_count";

    /** {@code rocky/current_strategy}: Written by BuildDefinitions. */
    public static final String ROCKY_CURRENT_STRATEGY = "rocky/current_strategy";

    /** {@code rocky/deviation_pct}: Written by RunEventCollector. */
    public static final String ROCKY_DEVIATION_PCT = "rocky/deviation_pct";

    /** {@code rocky/drift_action}: Written by RunEventCollector, RunEventWriter. */
    public static final String ROCKY_DRIFT_ACTION = "rocky/drift_action";

    /** {@code rocky/drift_reason}: Written by RunEventCollector. */
    public static final String ROCKY_DRIFT_REASON = "rocky/drift_reason";

    /** {@code rocky/drift_table}: Written by RunEventCollector. */
    public static final String ROCKY_DRIFT_TABLE = "rocky/drift_table";

    /** {@code rocky/drift_tables_checked}: Written by RunEventCollector. */
    public static final String ROCKY_DRIFT_TABLES_CHECKED = "rocky/drift_tables_checked";

    /** {@code rocky/drift_tables_drifted}: Written by RunEventCollector. */
    public static final String ROCKY_DRIFT_TABLES_DRIFTED = "rocky/drift_tables_drifted";

    /** {@code rocky/empty_for_partition}: Written by RunEvent, RunEventWriter. */
    public static final String ROCKY_EMPTY_FOR_PARTITION = "rocky/empty_for_partition";

    /** {@code rocky/estimated_monthly_savings}: Written by BuildDefinitions. */
    public static final String ROCKY_ESTIMATED_MONTHLY_SAVINGS = "rocky/estimated_monthly_savings";

    /** {@code rocky/filter}: Written by RunEventCollector. */
    public static final String ROCKY_FILTER = "rocky/filter";

    /** {@code rocky/kind}: Written by BuildDefinitions, CallPlanner, DefinitionsGraphWriter. */
    public static final String ROCKY_KIND = "rocky/kind";

    /** {@code rocky/node_id}: Written by BuildDefinitions. */
    public static final String ROCKY_NODE_ID = "rocky/node_id";

    /** {@code rocky/optimize_reasoning}: Written by BuildDefinitions. */
    public static final String ROCKY_OPTIMIZE_REASONING = "rocky/optimize_reasoning";

    /** {@code rocky/partition_key}: Written by RunEventCollector. */
    public static final String ROCKY_PARTITION_KEY = "rocky/partition_key";

    /** {@code rocky/pipeline}: Written by BuildDefinitions. */
    public static final String ROCKY_PIPELINE = "rocky/pipeline";

    /** {@code rocky/placeholder}: Written by CallPlanner, CheckCompletion, RunEventWriter. */
    public static final String ROCKY_PLACEHOLDER = "rocky/placeholder";

    /** {@code rocky/plan_id}: Written by RunEvent, RunEventWriter. */
    public static final String ROCKY_PLAN_ID = "rocky/plan_id";

    /** {@code rocky/pruned_unchanged}: Written by CheckCompletion. */
    public static final String ROCKY_PRUNED_UNCHANGED = "rocky/pruned_unchanged";

    /** {@code rocky/reason}: Written by CheckCompletion, RunEventCollector, RunEventWriter. */
    public static final String ROCKY_REASON = "rocky/reason";

    /** {@code rocky/recommended_strategy}: Written by BuildDefinitions. */
    public static final String ROCKY_RECOMMENDED_STRATEGY = "rocky/recommended_strategy";

    /** {@code rocky/retention_configured_days}: Written by GovernanceEvents. */
    public static final String ROCKY_RETENTION_CONFIGURED_DAYS = "rocky/retention_configured_days";

    /** {@code rocky/retention_in_sync}: Written by GovernanceEvents. */
    public static final String ROCKY_RETENTION_IN_SYNC = "rocky/retention_in_sync";

    /** {@code rocky/retention_model}: Written by GovernanceEvents. */
    public static final String ROCKY_RETENTION_MODEL = "rocky/retention_model";

    /** {@code rocky/retention_warehouse_days}: Written by GovernanceEvents. */
    public static final String ROCKY_RETENTION_WAREHOUSE_DAYS = "rocky/retention_warehouse_days";

    /** {@code rocky/tables_copied}: Written by RunEventCollector, RunEventWriter. */
    public static final String ROCKY_TABLES_COPIED = "rocky/tables_copied";

    /** {@code rocky/unblock_hint}: Written by RunEventCollector. */
    public static final String ROCKY_UNBLOCK_HINT = "rocky/unblock_hint";

    /** {@code rocky/upstream_keys}: Written by BuildDefinitions. */
    public static final String ROCKY_UPSTREAM_KEYS = "rocky/upstream_keys";

    /** {@code rocky/violation_}: Prefix of the numbered contract violation keys ({@code rocky/violation_0}, …). */
    public static final String ROCKY_VIOLATION_PREFIX = "rocky/violation_";

    /** {@code rocky/violation_count}: Written by ContractVerdicts. */
    public static final String ROCKY_VIOLATION_COUNT = "rocky/violation_count";

    /** {@code status}: a placeholder check's reason, as the reference's {@code _emit_placeholder_checks}. */
    public static final String STATUS = "status";

    private MetadataKeys() {
    }
}
