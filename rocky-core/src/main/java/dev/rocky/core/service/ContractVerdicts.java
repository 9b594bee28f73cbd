package dev.rocky.core.service;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contract checks decided by {@code rocky compile}'s diagnostics, as the reference decides them
 * ({@code contract_check_results_from_diagnostics}, dagster-rocky contracts.py): E010 fails
 * {@code contract_required_columns}, E013 {@code contract_protected_columns}, E011, E012 and
 * W010 {@code contract_column_constraints}. A declared check with no such diagnostic for its model
 * passes; one with some fails, as a warning when every one is W010, with
 * {@code rocky/violation_<i>} ({@code [code] message}) and {@code rocky/violation_count}.
 */
final class ContractVerdicts {

    static final String REQUIRED = "contract_required_columns";
    static final String PROTECTED = "contract_protected_columns";
    static final String CONSTRAINTS = "contract_column_constraints";

    private static final Map<String, String> CHECK_OF_CODE = Map.of("E010", REQUIRED, "E013", PROTECTED, "E011", CONSTRAINTS,
            "E012", CONSTRAINTS, "W010", CONSTRAINTS);

    private ContractVerdicts() {
    }

    /**
     * @param assets the graph's assets, with their declared checks
     * @param targets each asset's run target: a model's name is its contract's name, else the key's last segment
     * @param compile the compile slot, when the state has one
     * @param rules the contracts found, by model name
     * @return the verdicts of every declared contract check, by asset; empty without a compile slot
     *     (nothing decided them: the materialization then reports placeholders)
     */
    static Map<AssetKey, List<CheckVerdict>> of(List<AssetSpec> assets, Map<AssetKey, RunTarget> targets,
            Optional<CompileResult> compile, Map<String, ContractRules> rules) {
        if (compile.isEmpty() || rules.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Diagnostic>> byModel = new HashMap<>();
        for (Diagnostic d : compile.get().diagnostics()) {
            if (CHECK_OF_CODE.containsKey(d.code())) {
                byModel.computeIfAbsent(d.model(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<AssetKey, List<CheckVerdict>> out = new LinkedHashMap<>();
        for (AssetSpec spec : assets) {
            String model = targets.get(spec.key()) instanceof RunTarget.Model m ? m.name() : spec.key().leaf();
            ContractRules declared = rules.get(model);
            if (declared == null) {
                continue;
            }
            List<Diagnostic> found = byModel.getOrDefault(model, List.of());
            List<CheckVerdict> verdicts = new ArrayList<>(3);
            for (String check : List.of(REQUIRED, PROTECTED, CONSTRAINTS)) {
                if (declares(declared, check) && spec.checkNames().contains(check)) {
                    verdicts.add(verdict(check, found.stream().filter(d -> CHECK_OF_CODE.get(d.code()).equals(check)).toList()));
                }
            }
            if (!verdicts.isEmpty()) {
                out.put(spec.key(), List.copyOf(verdicts));
            }
        }
        return out;
    }

    private static boolean declares(ContractRules rules, String check) {
        switch (check) {
            case REQUIRED:
                return rules.required();
            case PROTECTED:
                return rules.protectedColumns();
            default:
                return rules.columnConstraints();
        }
    }

    private static CheckVerdict verdict(String check, List<Diagnostic> violations) {
        if (violations.isEmpty()) {
            return new CheckVerdict(check, true, false, Map.of());
        }
        Map<String, MetadataValue> md = new LinkedHashMap<>();
        for (int i = 0; i < violations.size(); i++) {
            Diagnostic d = violations.get(i);
            md.put(MetadataKeys.ROCKY_VIOLATION_PREFIX + i, MetadataValue.text("[" + d.code() + "] " + d.message()));
        }
        md.put(MetadataKeys.ROCKY_VIOLATION_COUNT, MetadataValue.integer(violations.size()));
        boolean onlyWarnings = violations.stream().allMatch(d -> d.code().equals("W010"));
        return new CheckVerdict(check, false, onlyWarnings, md);
    }
}
