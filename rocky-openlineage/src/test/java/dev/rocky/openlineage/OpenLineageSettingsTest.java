package dev.rocky.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings' bounds, the transport check and the adapters' dataset namespaces. */
class OpenLineageSettingsTest {

    @Test
    void settingsRefuseWhatCannotWork() {
        Map<String, Object> http = Map.of("type", "http", "url", "http://localhost:5000");
        assertThat(OpenLineageSettings.of(http).namespace()).isEqualTo("rocky");
        assertThatThrownBy(() -> new OpenLineageSettings(" ", http, Optional.empty(), false, 10, Duration.ofSeconds(1)))
                .hasMessage("openlineage.namespace is blank");
        assertThatThrownBy(() -> OpenLineageSettings.of(Map.of("url", "x"))).hasMessageContaining("openlineage.transport needs a type");
        assertThatThrownBy(() -> new OpenLineageSettings("n", http, Optional.empty(), false, 0, Duration.ofSeconds(1)))
                .hasMessage("openlineage.queue_capacity must be 1 to 100000, not 0");
        assertThatThrownBy(() -> new OpenLineageSettings("n", http, Optional.empty(), false, 1, Duration.ZERO))
                .hasMessage("openlineage.close_timeout_seconds must be positive");
    }

    @Test
    void theClientChecksTheTransportWithoutContactingAnything() {
        OpenLineageEmission.checkTransport(OpenLineageSettings.of(Map.of("type", "http", "url", "http://127.0.0.1:9")));
        OpenLineageEmission.checkTransport(OpenLineageSettings.of(Map.of("type", "console")));
        assertThatThrownBy(() -> OpenLineageEmission.checkTransport(OpenLineageSettings.of(Map.of("type", "carrier-pigeon"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("openlineage.transport (type carrier-pigeon) is refused by the OpenLineage client: ")
                .hasMessageEndingWith("; write it as the client's openlineage.yml transport: block");
    }

    @Test
    void eachAdapterNamesItsWarehouseAsOpenLineageDoes() {
        Path dir = Path.of("/srv/project");
        assertThat(DatasetNamespaces.of(Map.of("type", "duckdb", "path", "poc.duckdb"), dir)).isEqualTo("duckdb:///srv/project/poc.duckdb");
        assertThat(DatasetNamespaces.of(Map.of("type", "duckdb"), dir)).isEqualTo("duckdb://memory");
        assertThat(DatasetNamespaces.of(Map.of("type", "databricks", "host", "https://dbc-1.cloud.databricks.com/"), dir))
                .isEqualTo("databricks://dbc-1.cloud.databricks.com");
        assertThat(DatasetNamespaces.of(Map.of("type", "snowflake", "account", "xy12345"), dir)).isEqualTo("snowflake://xy12345");
        assertThat(DatasetNamespaces.of(Map.of("type", "bigquery", "project", "p"), dir)).isEqualTo("bigquery");
        assertThat(DatasetNamespaces.of(Map.of("type", "postgres", "host", "db"), dir)).isEqualTo("postgres://db:5432");
        assertThat(DatasetNamespaces.of(Map.of("type", "trino", "host", "t:8080"), dir)).isEqualTo("trino://t:8080");
        assertThatThrownBy(() -> DatasetNamespaces.of(Map.of(), dir)).hasMessageContaining("set openlineage.dataset_namespace");
    }
}
