package dev.rocky.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsAndArgumentsTest {

    @Test
    void secretsAreMaskedWholeAndInTheirJsonEscapedForm() {
        Secrets s = Secrets.of(List.of("abc", "pass\"word", "token-123", "token-123-long"));
        assertThat(s.size()).as("a value shorter than 4 characters is not masked").isEqualTo(3);
        assertThat(s.redact("abc token-123-long token-123 {\"p\":\"pass\\\"word\"} pass\"word"))
                .isEqualTo("abc *** *** {\"p\":\"***\"} ***");
        assertThat(s.toString()).doesNotContain("token");
        assertThat(Secrets.none().redact("token-123")).isEqualTo("token-123");
        assertThat(s.redact(null)).isNull();
    }

    @Test
    void aMultiLineSecretIsMaskedWholeEscapedAndLineByLine() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nshort\n-----END PRIVATE KEY-----";
        Secrets s = Secrets.fromEnvironment(Map.of("SNOWFLAKE_PRIVATE_KEY", pem), List.of());
        assertThat(s.redact("key: " + pem)).isEqualTo("key: ***");
        assertThat(s.redact("{\"key\":\"" + pem.replace("\n", "\\n") + "\"}")).isEqualTo("{\"key\":\"***\"}");
        assertThat(s.redact("rocky: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).isEqualTo("rocky: ***");
        assertThat(s.redact("short line stays")).as("a line under 8 characters is not a secret on its own")
                .isEqualTo("short line stays");
    }

    @Test
    void theEnvironmentsSecretsAreThoseNamedSoOrReferenced() {
        Map<String, String> env = Map.of("DATABRICKS_TOKEN", "dapi-1", "PGPASSWORD", "pg-secret", "HOME", "/root",
                "WAREHOUSE_REF", "ref-value", "AWS_SECRET_ACCESS_KEY", "aws-secret");
        Secrets s = Secrets.fromEnvironment(env, List.of("WAREHOUSE_REF"));
        assertThat(s.redact("dapi-1 pg-secret /root ref-value aws-secret")).isEqualTo("*** *** /root *** ***");
        assertThat(s.and(List.of("/root")).redact("/root")).isEqualTo("***");
    }

    @Test
    void anArgumentMayNotReadAsAnOptionOrBreakALine() {
        for (String bad : List.of("-x", "--all", "a\nb", "a\rb", "a\0b")) {
            assertThat(CliArgument.problem(bad)).as(bad).isPresent();
            assertThatThrownBy(() -> CliArgument.require("model", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("model '").hasMessageNotContaining("\n");
        }
        for (String ok : List.of("a=b", "$(touch x)", "x-y", "2026-04-08", "'q'")) {
            assertThat(CliArgument.require("value", ok)).isEqualTo(ok);
        }
        assertThat(CliArgument.printable("a\nb\0" + "c".repeat(200))).startsWith("a\\nb\\0c").endsWith("…").hasSize(121);
    }
}
