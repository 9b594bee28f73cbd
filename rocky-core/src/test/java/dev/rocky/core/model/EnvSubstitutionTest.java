package dev.rocky.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ConfigException;
import dev.rocky.core.error.ErrorCode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The engine's rule, rocky-data/rocky {@code engine/crates/rocky-core/src/config.rs}
 * ({@code ENV_VAR_RE}, {@code substitute_env_vars_with_report}).
 */
class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("CATALOG", "prod", "EMPTY", "", "PATH_ISH", "a:-b");

    /** {@code ${VAR}} is the value, empty included; {@code ${VAR:-d}} is d when VAR is unset or empty. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "catalog = \"${CATALOG}\"|catalog = \"prod\"",
        "catalog = \"${EMPTY}\"|catalog = \"\"",
        "catalog = \"${CATALOG:-poc}\"|catalog = \"prod\"",
        "catalog = \"${UNSET:-poc}\"|catalog = \"poc\"",
        "catalog = \"${EMPTY:-poc}\"|catalog = \"poc\"",
        "catalog = \"${UNSET:-}\"|catalog = \"\"",
        "x = \"${UNSET:-a:-b}\"|x = \"a:-b\"",
        "x = \"${PATH_ISH}_${CATALOG}\"|x = \"a:-b_prod\"",
        "x = \"${} $CATALOG {CATALOG}\"|x = \"${} $CATALOG {CATALOG}\"",
    })
    void placeholdersResolveAsTheEngineResolvesThem(String text, String expected) {
        assertThat(EnvSubstitution.substitute(text, ENV, "rocky.toml").text()).isEqualTo(expected);
    }

    @Test
    void anUnsetVariableWithoutADefaultIsTheEnginesErrorNamingTheFirstOne() {
        assertThatThrownBy(() -> EnvSubstitution.substitute("a = \"${CATALOG}\"\nb = \"${NOPE}\"\nc = \"${ALSO_NOPE}\"", ENV, "/p/rocky.toml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageStartingWith("environment variable 'NOPE' not set (referenced in config) in /p/rocky.toml")
                .hasMessageContaining("${NOPE:-<default>}");
    }

    /** The engine skips a placeholder on a line whose first non-blank character is {@code #}. */
    @Test
    void placeholdersInCommentLinesAreLeftAsTheyAreAndNotCountedAsReferences() {
        String text = "# catalog = \"${NOPE}\"\n   # ${ALSO}\ncatalog = \"${CATALOG}\" # ${TRAILING:-x}\n";

        EnvSubstitution.Result r = EnvSubstitution.substitute(text, ENV, "rocky.toml");

        assertThat(r.text()).isEqualTo("# catalog = \"${NOPE}\"\n   # ${ALSO}\ncatalog = \"prod\" # x\n");
        assertThat(r.names()).containsExactly("CATALOG", "TRAILING");
        assertThat(EnvSubstitution.referencedNames(text)).containsExactly("CATALOG", "TRAILING");
    }
}
