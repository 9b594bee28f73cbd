package dev.rocky.translator;

import dev.rocky.core.port.AssetTranslator;

import dev.rocky.core.port.AssetTranslator;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DefaultRockyTranslatorTest {

    /** The default policy as the core sees it: the SPI's defaults behind the checking adapter. */
    private final AssetTranslator translator = new ValidatingTranslator(DefaultRockyTranslator.INSTANCE, "the default translator");

    private static Source fivetran() {
        Map<String, ComponentValue> components = new LinkedHashMap<>();
        components.put("tenant", new ComponentValue.Single("acme"));
        components.put("regions", new ComponentValue.Multi(List.of("us_west", "eu")));
        components.put("source", new ComponentValue.Single("shopify"));
        return new Source("conn_1", components, "fivetran", Optional.of("2026-01-01T00:00:00Z"),
                List.of(new Table("orders", OptionalLong.of(42))));
    }

    @Test
    void namesOutsideTheKeyAlphabetBecomeValidKeysThatTheValidatorAccepts() {
        Map<String, ComponentValue> components = new LinkedHashMap<>();
        components.put("tenant", new ComponentValue.Single("1.5"));
        String longName = "t".repeat(300);
        Source odd = new Source("raw__odd", components, "duck db", Optional.empty(), List.of(new Table("Order Items", OptionalLong.empty()),
                new Table("café", OptionalLong.empty()), new Table("日本", OptionalLong.empty()), new Table("中国", OptionalLong.empty()),
                new Table(longName, OptionalLong.empty())));
        AssetTranslator checked = translator;
        List<String> leaves = new ArrayList<>();
        for (Table t : odd.tables()) {
            AssetKey key = checked.assetKey(odd, t);
            assertThat(key.path().subList(0, 2)).containsExactly("duck_db", "1.5");
            leaves.add(key.leaf());
        }
        assertThat(leaves.subList(0, 2)).containsExactly("Order_Items", "cafe");
        assertThat(leaves.get(2)).matches("___[0-9a-f]{8}");
        assertThat(leaves.get(3)).matches("___[0-9a-f]{8}").isNotEqualTo(leaves.get(2));
        assertThat(leaves.get(4)).hasSize(255).startsWith("ttt").matches("t{246}_[0-9a-f]{8}");
        assertThat(checked.groupName(odd)).isEqualTo("1_5");
        assertThat(dev.rocky.translator.spi.Names.keySegment("orders")).isSameAs("orders");
        assertThat(dev.rocky.translator.spi.Names.keySegment("")).isEqualTo("_");
        assertThat(dev.rocky.translator.spi.Names.keySegment("日本")).as("deterministic").isEqualTo(leaves.get(2));
    }

    @Test
    void keyIsSourceTypeComponentsAndTableWithListsJoined() {
        Source s = fivetran();
        assertThat(translator.assetKey(s, s.tables().get(0)))
                .isEqualTo(AssetKey.of("fivetran", "acme", "us_west__eu", "shopify", "orders"));
    }

    @Test
    void groupIsTheFirstSingleComponentElseTheSourceType() {
        assertThat(translator.groupName(fivetran())).isEqualTo("acme");
        Source onlyList = new Source("x", Map.of("regions", new ComponentValue.Multi(List.of("a"))), "airbyte", Optional.empty(), List.of());
        assertThat(translator.groupName(onlyList)).isEqualTo("airbyte");
    }

    @Test
    void tagsAndMetadata() {
        Source s = fivetran();
        Table t = s.tables().get(0);
        assertThat(translator.tags(s, t)).as("a list-valued component has no tag, as in the reference")
                .containsExactly(Map.entry("rocky/source_type", "fivetran"), Map.entry("rocky/tenant", "acme"),
                        Map.entry("rocky/source", "shopify"));
        assertThat(translator.metadata(s, t)).containsExactly(
                Map.entry("source_id", MetadataValue.text("conn_1")), Map.entry("source_type", MetadataValue.text("fivetran")),
                Map.entry("last_sync_at", MetadataValue.text("2026-01-01T00:00:00Z")), Map.entry("row_count", MetadataValue.integer(42)));
        Source bare = new Source("b", Map.of(), "duckdb", Optional.empty(), List.of(new Table("t", OptionalLong.empty())));
        assertThat(translator.metadata(bare, bare.tables().get(0))).as("absent values are left out, as in the reference")
                .containsOnlyKeys("source_id", "source_type");
        assertThat(translator.assetDeps(s, t)).isEmpty();
    }

    @Test
    void theSourcesAdapterMetadataIsForwardedVerbatimAfterTheStandardKeysAsTheReference() {
        Map<String, String> adapter = new LinkedHashMap<>();
        adapter.put("fivetran.service", "shopify");
        adapter.put("fivetran.custom_reports", "[{\"name\": \"r1\"}]");
        Source s = new Source("conn_1", Map.of(), "fivetran", Optional.empty(), List.of(new Table("orders", OptionalLong.empty())),
                adapter);

        assertThat(translator.metadata(s, s.tables().get(0))).containsExactly(
                Map.entry("source_id", MetadataValue.text("conn_1")), Map.entry("source_type", MetadataValue.text("fivetran")),
                Map.entry("fivetran.service", MetadataValue.text("shopify")),
                Map.entry("fivetran.custom_reports", MetadataValue.text("[{\"name\": \"r1\"}]")));
    }

    @Test
    void modelTagsSanitiseGovernanceTagsAndAddTheModelsOwn() {
        Map<String, String> governance = new LinkedHashMap<>();
        governance.put("owner", "data-eng@corp.com");
        governance.put("cost center", "x".repeat(70));
        governance.put("", "dropped");
        Map<String, String> tags = translator.modelTags(Samples.model(governance));

        assertThat(tags).containsExactly(Map.entry("owner", "data-eng_corp.com"), Map.entry("cost_center", "x".repeat(63)),
                Map.entry("rocky/model_name", "fct_revenue"), Map.entry("rocky/target_catalog", "warehouse"),
                Map.entry("rocky/target_schema", "marts"), Map.entry("rocky/strategy", "full_refresh"));
        assertThat(translator.modelMetadata(Samples.model(Map.of()))).as("the reference's keys").containsExactly(
                Map.entry("rocky/target_table", MetadataValue.text("warehouse.marts.fct_revenue")),
                Map.entry("rocky/strategy", MetadataValue.text("full_refresh")));
        assertThat(translator.modelAssetKey(Samples.model(Map.of()))).isEqualTo(AssetKey.of("warehouse", "marts", "fct_revenue"));
        assertThat(translator.modelGroupName(Samples.model(Map.of()))).isEqualTo("marts");
    }

    @Test
    void componentTagValuesAreSanitised() {
        Source odd = new Source("s", Map.of("region", new ComponentValue.Single("us west")), "duckdb", Optional.empty(), List.of());
        assertThat(translator.tags(odd, new Table("t", OptionalLong.empty()))).containsEntry("rocky/region", "us_west");
    }

    @Test
    void dagNodeDefaultsFollowTheNodeKind() {
        assertThat(translator.dagNodeAssetKey(Samples.node("seed:countries", "seed", null))).as("a label outside the key alphabet is mapped, not refused").isEqualTo(AssetKey.of("seed", "seed_countries"));
        assertThat(translator.dagNodeAssetKey(Samples.node("source:ingest", "source", "ingest"))).isEqualTo(AssetKey.of("ingest", "source"));
        assertThat(translator.dagNodeAssetKey(Samples.node("source:x", "source", null))).isEqualTo(AssetKey.of("default", "source"));
        assertThat(translator.dagNodeAssetKey(Samples.node("quality:p", "quality", "p"))).isEqualTo(AssetKey.of("quality", "p"));
        assertThat(translator.dagNodeAssetKey(Samples.node("snapshot:p", "snapshot", "p"))).isEqualTo(AssetKey.of("snapshot", "p"));
        assertThat(translator.dagNodeAssetKey(Samples.node("test:a.b", "test", "p"))).isEqualTo(AssetKey.of("test_a_b"));
        assertThat(translator.dagGroupName(Samples.node("load:p", "load", "p"))).isEqualTo("p");
        assertThat(translator.dagGroupName(Samples.node("seed:x", "seed", null))).isEqualTo("default");
    }
}
