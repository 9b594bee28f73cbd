package dev.rocky.core.port;

import dev.rocky.core.model.ContractRules;
import java.util.Map;

/**
 * The data contracts of a project ({@code <contracts_dir>/<model>.contract.toml}), read at load to
 * declare contract checks before anything runs.
 */
@FunctionalInterface
public interface ContractCatalog {

    /**
     * @return which rule kinds each model's contract declares, by model name; models whose contract
     *     declares none are left out
     * @throws dev.rocky.core.error.ConfigException naming the file and line when a contract file is
     *     malformed
     */
    Map<String, ContractRules> rules();

    /** No contracts. */
    ContractCatalog NONE = Map::of;
}
