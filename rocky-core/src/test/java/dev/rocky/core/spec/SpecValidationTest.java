package dev.rocky.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

    @Test
    void assetKeysNeedNonEmptySegments() {
        assertThat(AssetKey.of("duckdb", "orders").toUserString()).isEqualTo("duckdb/orders");
        assertThat(AssetKey.of("a", "b").leaf()).isEqualTo("b");
        assertThatThrownBy(() -> new AssetKey(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssetKey.of("a", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty segment");
    }

    @Test
    void checkNamesAreValidated() {
        assertThat(AssetCheckSpec.isValidName("row_count_2")).isTrue();
        assertThat(AssetCheckSpec.isValidName("row-count")).isFalse();
        assertThat(AssetCheckSpec.isValidName("")).isFalse();
        assertThatThrownBy(() -> new AssetCheckSpec("has space", AssetKey.of("a"), "d")).hasMessageContaining("[A-Za-z0-9_]+");
    }

    @Test
    void aSpecRefusesChecksOfAnotherAssetAndDefinitionsRefuseDuplicateKeys() {
        AssetKey a = AssetKey.of("a");
        AssetCheckSpec onB = new AssetCheckSpec("row_count", AssetKey.of("b"), "d");
        assertThatThrownBy(() -> new AssetSpec(a, "g", List.of(), List.of(), Map.of(), Map.of(), List.of(onB), Optional.empty(),
                Optional.empty())).hasMessageContaining("targets b");
        AssetSpec spec = new AssetSpec(a, "g", List.of(), List.of(), Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> new Definitions(List.of(spec, spec))).hasMessageContaining("two assets share the key a");
    }

    @Test
    void freshnessMustBePositive() {
        assertThatThrownBy(() -> FreshnessPolicy.ofSeconds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FreshnessPolicy.ofSeconds(60).maximumLag().toMinutes()).isEqualTo(1);
    }
}
