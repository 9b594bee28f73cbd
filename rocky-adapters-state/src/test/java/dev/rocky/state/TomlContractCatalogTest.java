package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.ContractRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomlContractCatalogTest {

    @TempDir
    Path dir;

    @Test
    void eachRuleKindIsFound() throws Exception {
        Files.writeString(dir.resolve("orders.contract.toml"), "[rules]\nrequired = [\"id\"]\nprotected = []\n");
        Files.writeString(dir.resolve("customers.contract.toml"),
                "[[columns]]\nname = \"id\"\ntype = \"Int64\"\nnullable = false\n[rules]\nprotected = [\"id\"]\n");
        Files.writeString(dir.resolve("empty.contract.toml"), "[rules]\nrequired = []\n");
        Files.writeString(dir.resolve("notes.toml"), "not = \"a contract\"\n");
        Map<String, ContractRules> rules = new TomlContractCatalog(Optional.of(dir)).rules();
        assertThat(rules).containsOnly(
                Map.entry("orders", new ContractRules(true, false, false)),
                Map.entry("customers", new ContractRules(false, true, true)));
    }

    @Test
    void noNewNullableCountsAsAColumnConstraint() throws Exception {
        Files.writeString(dir.resolve("a.contract.toml"), "[rules]\nno_new_nullable = true\n");
        assertThat(new TomlContractCatalog(Optional.of(dir)).rules()).containsEntry("a", new ContractRules(false, false, true));
    }

    @Test
    void theBundledProjectsContractsDeclareEveryRuleKind() {
        ContractRules all = new ContractRules(true, true, true);
        Path basics = RockyContract.extract("projects/01-replication-basics", dir.resolve("a"));
        assertThat(new TomlContractCatalog(Optional.of(basics.resolve("contracts"))).rules())
                .containsExactly(Map.entry("revenue_summary", all));
        Path strict = RockyContract.extract("projects/01-data-contracts-strict", dir.resolve("b"));
        assertThat(new TomlContractCatalog(Optional.of(strict.resolve("contracts"))).rules())
                .containsOnly(Map.entry("broken_metrics", all), Map.entry("good_metrics", all));
    }

    @Test
    void aMalformedFileIsNamedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.contract.toml"), "[rules]\nrequired = [\"id\"\n");
        assertThatThrownBy(() -> new TomlContractCatalog(Optional.of(dir)).rules())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains("bad.contract.toml").contains("line "));
    }

    @Test
    void aWrongTypeIsNamed() throws Exception {
        Files.writeString(dir.resolve("bad.contract.toml"), "[rules]\nrequired = \"id\"\n");
        assertThatThrownBy(() -> new TomlContractCatalog(Optional.of(dir)).rules())
                .hasMessageContaining("rules.required must be a list");
    }

    @Test
    void noDirectoryMeansNoContracts() {
        assertThat(new TomlContractCatalog(Optional.of(dir.resolve("absent"))).rules()).isEmpty();
        assertThat(new TomlContractCatalog(Optional.empty()).rules()).isEmpty();
    }
}
