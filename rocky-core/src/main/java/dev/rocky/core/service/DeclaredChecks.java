package dev.rocky.core.service;

import dev.rocky.core.model.ContractRules;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks one asset declares, without duplicate names (a repeat is dropped with a warning),
 * and the rules that add the checks every kind of asset can carry: the four built-in checks of a
 * replicated table, {@code compliance_exception} with {@code surface_compliance}, and the contract
 * checks a model's {@code .contract.toml} asks for. Not thread-safe (one per asset).
 */
final class DeclaredChecks {

    private static final List<String> DEFAULT_CHECK_DESCRIPTIONS = List.of(
            "Rocky row_count check: the target's row count matches the source's",
            "Rocky column_match check: the target's columns match the source's",
            "Rocky freshness check: the table was synced within the pipeline's freshness threshold",
            "Rocky row_count_anomaly check: the row count did not deviate from its history beyond the anomaly threshold");

    private final AssetKey key;
    private final LogSink log;
    /** The names and descriptions so far: the shared lists of the built-in checks until another is added. */
    private List<String> names = List.of();
    private List<String> descriptions = List.of();

    /**
     * @param key the asset the checks are on
     * @param log where a repeated check name is reported
     */
    DeclaredChecks(AssetKey key, LogSink log) {
        this.key = key;
        this.log = log;
    }

    /**
     * @param key an asset
     * @return the built-in checks alone on it ({@link BuildDefinitions#DEFAULT_CHECKS}), as
     *     {@code new DeclaredChecks(key, log)} then {@link #addDefaults()} and {@link #list()} give
     *     them, without the builder
     */
    static List<AssetCheckSpec> defaultsOn(AssetKey key) {
        return AssetCheckSpec.onAsset(key, BuildDefinitions.DEFAULT_CHECKS, DEFAULT_CHECK_DESCRIPTIONS);
    }

    /** Adds a check unless one of that name is already declared. */
    void add(String name, String description) {
        if (names.contains(name)) {
            log.warn("check " + name + " is declared twice on " + key + "; the repeat is dropped");
            return;
        }
        if (!(names instanceof ArrayList)) {
            names = new ArrayList<>(names);
            descriptions = new ArrayList<>(descriptions);
        }
        names.add(name);
        descriptions.add(description);
    }

    /** Adds {@link BuildDefinitions#DEFAULT_CHECKS}, which rocky runs on every replicated table. */
    void addDefaults() {
        if (names.isEmpty()) {
            names = BuildDefinitions.DEFAULT_CHECKS;
            descriptions = DEFAULT_CHECK_DESCRIPTIONS;
            return;
        }
        for (int i = 0; i < BuildDefinitions.DEFAULT_CHECKS.size(); i++) {
            add(BuildDefinitions.DEFAULT_CHECKS.get(i), DEFAULT_CHECK_DESCRIPTIONS.get(i));
        }
    }

    /**
     * Adds the governance and contract checks: {@code compliance_exception} when
     * {@code surfaceCompliance}; per rule kind the model's contract declares,
     * {@code contract_required_columns}, {@code contract_protected_columns},
     * {@code contract_column_constraints}.
     *
     * @param modelName the model (or table) name the contract is looked up by
     */
    void addGovernance(boolean surfaceCompliance, String modelName, Map<String, ContractRules> contractRules) {
        if (surfaceCompliance) {
            add(BuildDefinitions.COMPLIANCE_CHECK, "Rocky governance: no classification exception on this asset's columns");
        }
        ContractRules rules = contractRules.get(modelName);
        if (rules == null) {
            return;
        }
        if (rules.required()) {
            add(ContractVerdicts.REQUIRED, "Required columns from the model's .contract.toml are present");
        }
        if (rules.protectedColumns()) {
            add(ContractVerdicts.PROTECTED, "Protected columns from the model's .contract.toml were not removed");
        }
        if (rules.columnConstraints()) {
            add(ContractVerdicts.CONSTRAINTS, "Column types and nullability from the model's .contract.toml are satisfied");
        }
    }

    /** @return the declared checks, in declaration order (immutable; see {@link AssetCheckSpec#onAsset}) */
    List<AssetCheckSpec> list() {
        return AssetCheckSpec.onAsset(key, names, descriptions);
    }
}
