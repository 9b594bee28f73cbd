package dev.rocky.core.model;

/**
 * Which rule kinds a model's {@code .contract.toml} declares; each present kind becomes one check
 * declared on the model's asset.
 *
 * @param required {@code [rules] required} is non-empty → check {@code contract_required_columns}
 * @param protectedColumns {@code [rules] protected} is non-empty → check {@code contract_protected_columns}
 * @param columnConstraints a {@code [[columns]]} entry declares {@code type} or {@code nullable}, or
 *     {@code [rules] no_new_nullable} is true → check {@code contract_column_constraints}
 */
public record ContractRules(boolean required, boolean protectedColumns, boolean columnConstraints) {

    /** @return true when no rule kind is declared */
    public boolean isEmpty() {
        return !(required || protectedColumns || columnConstraints);
    }
}
