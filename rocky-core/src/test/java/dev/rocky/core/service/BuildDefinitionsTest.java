package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.discover.ChecksConfig;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.DefsState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BuildDefinitionsTest {

    private final CoreFakes.Store store = new CoreFakes.Store();
    private final CoreFakes.Codec codec = new CoreFakes.Codec();
    private final CoreFakes.Log log = new CoreFakes.Log();
    private final BuildDefinitions build = new BuildDefinitions(store, codec, CoreFakes.SIMPLE, log);

    private static DefsState state(DiscoverResult discover) {
        return DefsState.of(discover);
    }

    @Test
    void oneAssetPerTableWithKindsChecksAndTheTranslatorsKeyGroupTagsMetadata() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("s1", "fivetran", Map.of(), "orders", "customers"),
                CoreFakes.source("s2", "duckdb", Map.of(), "events")), Optional.empty(), List.of());
        Definitions defs = build.build(state(discover));
        assertThat(defs.assets()).extracting(AssetSpec::key).containsExactly(
                AssetKey.of("fivetran", "orders"), AssetKey.of("fivetran", "customers"), AssetKey.of("duckdb", "events"));
        AssetSpec orders = defs.assets().get(0);
        assertThat(orders.group()).isEqualTo("s1");
        assertThat(orders.kinds()).containsExactly("rocky", "fivetran");
        assertThat(orders.checkNames()).containsExactly("row_count", "column_match", "freshness", "row_count_anomaly");
        assertThat(orders.checks()).allSatisfy(c -> assertThat(c.asset()).isEqualTo(orders.key()));
        assertThat(orders.tags()).containsEntry("rocky/source_type", "fivetran");
        assertThat(orders.metadata()).as("the reference's spec extras (_build_asset_spec)")
                .containsEntry("dagster-rocky/source_id", MetadataValue.text("s1"))
                .containsEntry("dagster-rocky/source_type", MetadataValue.text("fivetran"))
                .doesNotContainKey("rocky/upstream_keys");
        assertThat(orders.freshness()).isEmpty();
        assertThat(defs.checkCount()).isEqualTo(12);
    }

    @Test
    void discoversOnboardingSignalsAreWarnedAtLoadAsTheReferenceDoes() {
        DiscoverResult discover = new DiscoverResult("1", List.of(CoreFakes.source("s1", "fivetran", Map.of(), "orders")),
                Optional.empty(), List.of(), List.of(new DiscoverResult.CollisionCandidate("act_42", List.of("raw__a", "raw__b"))),
                List.of("raw__new"));

        build.build(state(discover));

        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("cross-source collision").contains("act_42")
                .contains("2 sources (raw__a, raw__b)"));
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("1 new source schema(s)").contains("raw__new"));
    }

    @Test
    void aStateDagsterRockyWroteLoadsWithANoticeThatTheNextRefreshRewritesIt() {
        DiscoverResult discover = new DiscoverResult("1", List.of(CoreFakes.source("s1", "fivetran", Map.of(), "orders")),
                Optional.empty(), List.of());
        DefsState ours = state(discover);
        DefsState legacy = new DefsState(DefsState.DAGSTER_ROCKY_FORMAT, discover, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), java.util.Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(build.build(legacy).assets()).isEqualTo(build.build(ours).assets());
        assertThat(log.warnings).filteredOn(w -> w.contains("written by dagster-rocky")).singleElement()
                .satisfies(w -> assertThat(w).contains("next `rocky-component refresh` rewrites it"));
    }

    @Test
    void aTableWithDepsListsThemAsUpstreamKeys() {
        DiscoverResult discover = new DiscoverResult("1", List.of(CoreFakes.source("s1", "fivetran", Map.of(), "orders")),
                Optional.empty(), List.of());
        BuildDefinitions withDeps = new BuildDefinitions(store, codec, new CoreFakes.SimpleTranslator() {
            @Override
            public List<AssetKey> assetDeps(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
                return List.of(AssetKey.of("fivetran_raw", "orders"), AssetKey.of("erp", "orders"));
            }
        }, log, BuildDefinitions.Options.defaults(), Map::of);

        AssetSpec orders = withDeps.build(state(discover)).assets().get(0);

        assertThat(orders.metadata()).containsEntry("rocky/upstream_keys", MetadataValue.text("fivetran_raw/orders, erp/orders"));
    }

    /**
     * A translator that answers every table of a source with one metadata map (as the default
     * translator does for tables without a row count) gives those tables one metadata map too; a
     * table with deps, an enriched table and another source's tables get their own, each with
     * what it would have had alone.
     */
    @Test
    void tablesOfASourceWithOneTranslatorMapShareOneMetadataMapUnlessDepsOrEnrichmentMakeTheirsDiffer() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("s1", "duckdb", Map.of(), "orders", "customers", "linked", "enriched", "events"),
                CoreFakes.source("s2", "duckdb", Map.of(), "payments", "refunds")), Optional.empty(), List.of());
        Map<String, Map<String, MetadataValue>> perSource = new java.util.HashMap<>();
        BuildDefinitions oneMapPerSource = new BuildDefinitions(store, codec, new CoreFakes.SimpleTranslator() {
            @Override
            public Map<String, MetadataValue> metadata(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
                return perSource.computeIfAbsent(source.id(), id -> Map.of("source_id", MetadataValue.text(id)));
            }

            @Override
            public List<AssetKey> assetDeps(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
                return table.name().equals("linked") ? List.of(AssetKey.of("erp", "orders")) : List.of();
            }
        }, log, BuildDefinitions.Options.defaults(), Map::of);
        DefsState state = new DefsState(1, discover, Optional.empty(), Optional.of(new dev.rocky.core.model.OptimizeResult("1",
                List.of(new dev.rocky.core.model.OptimizeRecommendation("enriched", "full_refresh", "incremental", 1.5, "append-only")))),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), java.util.Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty());

        List<AssetSpec> assets = oneMapPerSource.build(state).assets();

        Map<String, MetadataValue> s1 = Map.of("source_id", MetadataValue.text("s1"), "dagster-rocky/source_id", MetadataValue.text("s1"),
                "dagster-rocky/source_type", MetadataValue.text("duckdb"));
        assertThat(assets.get(0).metadata()).isEqualTo(s1);
        assertThat(assets.get(1).metadata()).isSameAs(assets.get(0).metadata());
        assertThat(assets.get(2).metadata()).containsEntry("rocky/upstream_keys", MetadataValue.text("erp/orders")).hasSize(4);
        assertThat(assets.get(3).metadata()).containsAllEntriesOf(s1)
                .containsEntry("rocky/recommended_strategy", MetadataValue.text("incremental"));
        assertThat(assets.get(4).metadata()).as("after a table with deps and an enriched one").isSameAs(assets.get(0).metadata());
        assertThat(assets.get(5).metadata()).isEqualTo(Map.of("source_id", MetadataValue.text("s2"),
                "dagster-rocky/source_id", MetadataValue.text("s2"), "dagster-rocky/source_type", MetadataValue.text("duckdb")));
        assertThat(assets.get(6).metadata()).isSameAs(assets.get(5).metadata());
        assertThat(new java.util.ArrayList<>(assets.get(0).metadata().keySet())).as("the translator's entries, then the spec extras")
                .containsExactly("source_id", "dagster-rocky/source_id", "dagster-rocky/source_type");
    }

    @Test
    void aPipelineFreshnessThresholdBecomesEachTablesPolicy() {
        DiscoverResult discover = new DiscoverResult("1", List.of(CoreFakes.source("s", "duckdb", Map.of(), "t")),
                Optional.of(new ChecksConfig(OptionalLong.of(3600), Map.of())), List.of());
        assertThat(build.build(state(discover)).assets().get(0).freshness())
                .hasValueSatisfying(f -> assertThat(f.maximumLag()).isEqualTo(Duration.ofHours(1)));
    }

    @Test
    void aRepeatedKeyIsSkippedWithAWarningNotACrash() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("a", "duckdb", Map.of(), "orders"),
                CoreFakes.source("b", "duckdb", Map.of(), "orders")), Optional.empty(), List.of());
        Definitions defs = build.build(state(discover));
        assertThat(defs.assets()).hasSize(1);
        assertThat(defs.assets().get(0).group()).isEqualTo("a");
        assertThat(log.warnings).singleElement().asString().contains("tables a.orders and b.orders both map to asset key "
                + "duckdb/orders; b.orders is left out");
        assertThat(defs.leftOut()).containsExactlyElementsOf(log.warnings);
    }

    private BuildDefinitions strict(dev.rocky.core.port.AssetTranslator translator) {
        return new BuildDefinitions(store, codec, translator, log, new BuildDefinitions.Options(false, true, false, false, false),
                dev.rocky.core.port.ContractCatalog.NONE);
    }

    @Test
    void aCollisionFailsTheLoadUnderStrictBuild() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("a", "duckdb", Map.of(), "orders"),
                CoreFakes.source("b", "duckdb", Map.of(), "orders")), Optional.empty(), List.of());
        assertThatThrownBy(() -> strict(CoreFakes.SIMPLE).build(state(discover))).isInstanceOfSatisfying(RockyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_INVALID);
            assertThat(e.getMessage()).contains("a.orders and b.orders");
        });
    }

    /** A translator whose output for one table is invalid, as {@code ValidatingTranslator} reports it. */
    private static final dev.rocky.core.port.AssetTranslator REFUSES_BAD = new CoreFakes.SimpleTranslator() {
        @Override
        public AssetKey assetKey(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
            if (table.name().startsWith("bad")) {
                throw new RockyException(ErrorCode.TRANSLATOR_OUTPUT, "the translator returned an invalid asset key for table "
                        + table.name());
            }
            return CoreFakes.SIMPLE.assetKey(source, table);
        }

        @Override
        public String groupName(dev.rocky.core.discover.Source source) {
            return CoreFakes.SIMPLE.groupName(source);
        }

        @Override
        public Map<String, String> tags(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
            return CoreFakes.SIMPLE.tags(source, table);
        }

        @Override
        public Map<String, dev.rocky.core.spec.MetadataValue> metadata(dev.rocky.core.discover.Source source,
                dev.rocky.core.discover.Table table) {
            return CoreFakes.SIMPLE.metadata(source, table);
        }

        @Override
        public List<AssetKey> assetDeps(dev.rocky.core.discover.Source source, dev.rocky.core.discover.Table table) {
            return List.of();
        }
    };

    @Test
    void aTableTheTranslatorCannotMapIsLeftOutWithOneWarningPerSource() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("a", "duckdb", Map.of(), "orders", "bad1", "bad2"),
                CoreFakes.source("b", "duckdb", Map.of(), "events")), Optional.empty(), List.of());
        Definitions defs = new BuildDefinitions(store, codec, REFUSES_BAD, log).build(state(discover));
        assertThat(defs.assets()).extracting(a -> a.key().toUserString()).containsExactly("duckdb/orders", "duckdb/events");
        assertThat(log.warnings).singleElement().asString().startsWith("2 tables of source a left out of the graph")
                .contains("invalid asset key for table bad1").contains("strict_build");
        assertThat(new BuildDefinitions(store, codec, REFUSES_BAD, log).build(state(discover)).leftOut()).as("the graph says so")
                .singleElement().asString().startsWith("2 tables of source a left out");
        assertThatThrownBy(() -> strict(REFUSES_BAD).build(state(discover))).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_OUTPUT));
    }

    @Test
    void namesOutsideTheKeyAlphabetAreNamedOncePerSource() {
        DiscoverResult discover = new DiscoverResult("1", List.of(
                CoreFakes.source("a", "duckdb", Map.of(), "Order Items", "café", "ok")), Optional.empty(), List.of());
        build.build(state(discover));
        assertThat(log.warnings).singleElement().asString().isEqualTo("source a has 2 names outside the asset-key alphabet "
                + "[A-Za-z0-9_.-], which the built-in translator maps ('Order Items' -> Order_Items, 'café' -> cafe)");
    }

    @Test
    void loadWithoutStateSaysToRefresh() {
        assertThatThrownBy(build::load).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISSING);
            assertThat(e.getMessage()).contains("rocky-component refresh");
        });
    }

    @Test
    void loadDecodesWhatTheStoreHolds() {
        store.write(new byte[] {1});
        codec.decoded = state(new DiscoverResult("1", List.of(CoreFakes.source("s", "duckdb", Map.of(), "t")), Optional.empty(), List.of()));
        assertThat(build.load().assets()).hasSize(1);
    }
}
