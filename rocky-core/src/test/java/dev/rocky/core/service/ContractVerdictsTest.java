package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract checks decided by compile diagnostics, pinned to the reference's
 * {@code contract_check_results_from_diagnostics} and {@code _result_for_check} (dagster-rocky
 * contracts.py): the code-to-check map, pass when no diagnostic, WARN only when every one is W010,
 * {@code rocky/violation_<i>} and {@code rocky/violation_count}.
 */
class ContractVerdictsTest {

    private static AssetSpec asset(String leaf, String... checks) {
        AssetKey key = AssetKey.of("wh", "mart", leaf);
        return new AssetSpec(key, "mart", List.of(), List.of("rocky"), Map.of(), Map.of(),
                java.util.Arrays.stream(checks).map(c -> new AssetCheckSpec(c, key, c)).toList(), Optional.empty(), Optional.empty());
    }

    private static final String REQ = "contract_required_columns";
    private static final String PROT = "contract_protected_columns";
    private static final String CONS = "contract_column_constraints";

    @Test
    void eachDeclaredContractCheckPassesOrFailsFromItsModelsDiagnostics() {
        AssetSpec orders = asset("orders", "row_count", REQ, PROT, CONS);
        AssetSpec daily = asset("daily_rollup", CONS);
        CompileResult compile = new CompileResult("1", List.of(), List.of(
                new Diagnostic("Error", "E010", "required column id missing", "orders"),
                new Diagnostic("Error", "E012", "amount must not be null", "orders"),
                new Diagnostic("Warning", "W010", "contract column note not in model", "orders"),
                new Diagnostic("Warning", "W010", "contract column x not in model", "daily"),
                new Diagnostic("Error", "E001", "not a contract code", "orders"),
                new Diagnostic("Error", "E013", "protected column dropped", "someone_else")), true);
        Map<AssetKey, RunTarget> targets = Map.of(daily.key(), new RunTarget.Model("daily", List.of("wh", "mart", "daily_rollup"),
                Optional.empty()));
        Map<String, ContractRules> rules = Map.of("orders", new ContractRules(true, true, true),
                "daily", new ContractRules(false, false, true));

        Map<AssetKey, List<CheckVerdict>> verdicts = ContractVerdicts.of(List.of(orders, daily), targets, Optional.of(compile), rules);

        assertThat(verdicts.get(orders.key())).extracting(v -> v.checkName() + " " + v.passed() + " " + v.warning())
                .containsExactly(REQ + " false false", PROT + " true false", CONS + " false false");
        assertThat(verdicts.get(orders.key()).get(0).metadata()).containsExactly(
                Map.entry("rocky/violation_0", MetadataValue.text("[E010] required column id missing")),
                Map.entry("rocky/violation_count", MetadataValue.integer(1)));
        assertThat(verdicts.get(orders.key()).get(2).metadata()).containsEntry("rocky/violation_count", MetadataValue.integer(2));
        assertThat(verdicts.get(orders.key()).get(1).metadata()).as("a pass carries no metadata").isEmpty();
        assertThat(verdicts.get(daily.key())).as("a model asset is matched by its model name; only W010 → WARN")
                .singleElement().satisfies(v -> {
                    assertThat(v.passed()).isFalse();
                    assertThat(v.warning()).isTrue();
                });
    }

    @Test
    void withoutACompileSlotOrAContractNothingIsDecided() {
        AssetSpec orders = asset("orders", REQ);
        Map<String, ContractRules> rules = Map.of("orders", new ContractRules(true, false, false));
        assertThat(ContractVerdicts.of(List.of(orders), Map.of(), Optional.empty(), rules)).isEmpty();
        assertThat(ContractVerdicts.of(List.of(orders), Map.of(), Optional.of(new CompileResult("1", List.of(), List.of(), false)),
                Map.of())).isEmpty();
        assertThat(ContractVerdicts.of(List.of(asset("orders", "row_count")), Map.of(),
                Optional.of(new CompileResult("1", List.of(), List.of(), false)), rules)).as("the check is not declared").isEmpty();
    }
}
