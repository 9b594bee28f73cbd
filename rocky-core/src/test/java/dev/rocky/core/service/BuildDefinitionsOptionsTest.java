package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.dag.ColumnLineageEdge;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.ChecksConfig;
import dev.rocky.core.discover.ConfiguredCheck;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.model.OptimizeRecommendation;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.ContractCatalog;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.core.spec.TimeGrain;
import dev.rocky.core.state.DefsState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The load's options, each on and off, and the DAG-mode provenance rules. */
class BuildDefinitionsOptionsTest {

    private final CoreFakes.Store store = new CoreFakes.Store();
    private final CoreFakes.Codec codec = new CoreFakes.Codec();
    private final CoreFakes.Log log = new CoreFakes.Log();

    private static final DiscoverResult DISCOVER = new DiscoverResult("1", List.of(
            CoreFakes.source("s", "duckdb", Map.of(), "orders", "customers")),
            Optional.of(new ChecksConfig(OptionalLong.of(7200), Map.of("orders", List.of(
                    new ConfiguredCheck("assertion", "orders.amount-positive", false),
                    new ConfiguredCheck("custom", "row_count", false),
                    new ConfiguredCheck("null_rate", "null_rate:discount", true))))),
            List.of());

    private static final ModelDetail ORDERS_MODEL = new ModelDetail("orders", ModelStrategy.of("incremental"),
            new ModelTarget("wh", "mart", "orders"), List.of(), OptionalLong.of(600), Map.of("pii", "true"));
    private static final ModelDetail DAILY = new ModelDetail("daily", new ModelStrategy("time_interval",
            Optional.of(TimeGrain.DAY), Optional.of("ts"), Optional.of("2024-03-05")), new ModelTarget("wh", "mart", "daily"),
            List.of("orders", "raw_thing"), OptionalLong.empty(), Map.of());

    private static final CompileResult COMPILE = new CompileResult("1", List.of(ORDERS_MODEL, DAILY), List.of(
            new Diagnostic("Error", "E010", "required column id missing", "orders"),
            new Diagnostic("Warning", "W005", "no freshness", "orders"),
            new Diagnostic("Info", "I001", "fine", "orders")), true);

    private static final OptimizeResult OPTIMIZE = new OptimizeResult("1", List.of(
            new OptimizeRecommendation("orders", "full_refresh", "incremental", 12.5, "large and append-only")));

    private BuildDefinitions build(BuildDefinitions.Options options, ContractCatalog contracts, AssetTranslator translator) {
        return new BuildDefinitions(store, codec, translator, log, options, contracts);
    }

    private BuildDefinitions build(BuildDefinitions.Options options) {
        return build(options, ContractCatalog.NONE, CoreFakes.SIMPLE);
    }

    private static BuildDefinitions.Options opts(boolean dag, boolean strict, boolean derived, boolean configured, boolean compliance) {
        return new BuildDefinitions.Options(dag, strict, derived, configured, compliance);
    }

    private static DefsState full() {
        return new DefsState(1, DISCOVER, Optional.of(COMPILE), Optional.of(OPTIMIZE), Optional.empty(), Optional.of("disabled"),
                Optional.empty(), Map.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.of("v-1"));
    }

    private static DefsState withDag(Optional<String> status, Optional<DagResult> dag, Optional<String> error) {
        return new DefsState(1, DISCOVER, Optional.empty(), Optional.empty(), dag, status, error, Map.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static AssetSpec asset(Definitions defs, String... key) {
        return defs.asset(AssetKey.of(key)).orElseThrow();
    }

    @Test
    void theCompiledModelsFreshnessWinsOverThePipelinesAndTheVersionIsCarried() {
        Definitions defs = build(BuildDefinitions.Options.defaults()).build(full());
        assertThat(asset(defs, "duckdb", "orders").freshness().orElseThrow().maximumLag()).isEqualTo(Duration.ofSeconds(600));
        assertThat(asset(defs, "duckdb", "customers").freshness().orElseThrow().maximumLag()).isEqualTo(Duration.ofHours(2));
        assertThat(defs.stateVersion()).contains("v-1");
    }

    @Test
    void optimizeRecommendationsAndCompileDiagnosticsLandOnTheAssetNamedLikeTheModel() {
        Definitions defs = build(BuildDefinitions.Options.defaults()).build(full());
        Map<String, MetadataValue> m = asset(defs, "duckdb", "orders").metadata();
        assertThat(m).containsEntry("rocky/recommended_strategy", MetadataValue.text("incremental"))
                .containsEntry("rocky/current_strategy", MetadataValue.text("full_refresh"))
                .containsEntry("rocky/estimated_monthly_savings", new MetadataValue.FloatValue(12.5))
                .containsEntry("rocky/optimize_reasoning", MetadataValue.text("large and append-only"))
                .containsEntry("rocky/compile_errors", MetadataValue.integer(1))
                .containsEntry("rocky/compile_warnings", MetadataValue.integer(1));
        assertThat(((MetadataValue.Text) m.get("rocky/compile_diagnostics")).value())
                .contains("E010: required column id missing").doesNotContain("I001");
        assertThat(asset(defs, "duckdb", "customers").metadata()).doesNotContainKey("rocky/recommended_strategy");
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("1 error(s) and 1 warning(s) for model orders"));
    }

    @Test
    void optimizeMetadataIsMergedWheneverTheStateHasTheSlotAsInTheReference() {
        Definitions defs = build(opts(false, false, false, false, false)).build(full());
        assertThat(asset(defs, "duckdb", "orders").metadata()).containsKey("rocky/recommended_strategy");
    }

    @Test
    void configuredChecksAreDeclaredOnlyWhenSurfacedSanitisedDeduplicatedAndNotWhenCandidates() {
        assertThat(asset(build(BuildDefinitions.Options.defaults()).build(full()), "duckdb", "orders").checkNames())
                .containsExactly("row_count", "column_match", "freshness", "row_count_anomaly");
        Definitions defs = build(opts(false, false, false, true, false)).build(full());
        assertThat(asset(defs, "duckdb", "orders").checkNames())
                .as("null_rate:discount is a candidate: no spec, as in the reference")
                .containsExactly("row_count", "column_match", "freshness", "row_count_anomaly", "orders_amount_positive");
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("check row_count is declared twice on duckdb/orders"));
    }

    @Test
    void complianceAndContractChecksAreDeclaredPerRuleKind() {
        ContractCatalog contracts = () -> Map.of("orders", new ContractRules(true, false, true));
        Definitions defs = build(opts(false, false, false, false, true), contracts, CoreFakes.SIMPLE).build(full());
        assertThat(asset(defs, "duckdb", "orders").checkNames()).endsWith("compliance_exception",
                "contract_required_columns", "contract_column_constraints");
        assertThat(asset(defs, "duckdb", "customers").checkNames()).endsWith("row_count_anomaly", "compliance_exception");
        assertThat(defs.verdicts().get(AssetKey.of("duckdb", "orders"))).as("decided at load by the compile slot's E010")
                .extracting(v -> v.checkName() + " " + v.passed())
                .containsExactly("contract_required_columns false", "contract_column_constraints true");
    }

    @Test
    void derivedModelsBecomeAssetsWithDepsPartitionsAndFreshness() {
        Definitions defs = build(opts(false, false, true, false, false)).build(full());
        AssetSpec daily = asset(defs, "wh", "mart", "daily");
        assertThat(daily.group()).isEqualTo("mart");
        assertThat(daily.deps()).as("raw_thing is not a compiled model: dropped, not kept as a one-segment key")
                .containsExactly(AssetKey.of("wh", "mart", "orders"));
        assertThat(daily.partitions()).contains(new PartitionsDefinition.TimeWindow(TimeGrain.DAY, LocalDate.of(2024, 3, 5)));
        AssetSpec orders = asset(defs, "wh", "mart", "orders");
        assertThat(orders.freshness().orElseThrow().maximumLag()).isEqualTo(Duration.ofSeconds(600));
        assertThat(orders.tags()).containsEntry("pii", "true");
        assertThat(orders.metadata()).containsKey("rocky/recommended_strategy");
        assertThat(build(BuildDefinitions.Options.defaults()).build(full()).asset(AssetKey.of("wh", "mart", "daily"))).isEmpty();
    }

    /**
     * An ephemeral model is inlined by rocky and cannot run alone, so, as the reference's
     * {@code build_model_specs}, it gets no asset and a consumer depends on its upstreams instead.
     */
    @Test
    void anEphemeralModelHasNoAssetAndItsConsumersDependOnItsUpstreams() {
        ModelDetail eph = new ModelDetail("eph", ModelStrategy.of("ephemeral"), new ModelTarget("wh", "mart", "eph"),
                List.of("orders"), OptionalLong.empty(), Map.of());
        ModelDetail top = new ModelDetail("top", ModelStrategy.of("full_refresh"), new ModelTarget("wh", "mart", "top"),
                List.of("eph", "daily"), OptionalLong.empty(), Map.of());
        DefsState state = new DefsState(1, DISCOVER, Optional.of(new CompileResult("1", List.of(ORDERS_MODEL, DAILY, eph, top), List.of(), false)),
                Optional.empty(), Optional.empty(), Optional.of("disabled"), Optional.empty(), Map.of(), Set.of(), Optional.empty(),
                Optional.empty(), Optional.empty());

        Definitions defs = build(opts(false, false, true, false, false)).build(state);

        assertThat(defs.asset(AssetKey.of("wh", "mart", "eph"))).isEmpty();
        assertThat(asset(defs, "wh", "mart", "top").deps()).containsExactly(AssetKey.of("wh", "mart", "orders"),
                AssetKey.of("wh", "mart", "daily"));
    }

    /** The discover side of {@link CoreFakes#SIMPLE}; subclasses change the model or DAG methods. */
    private abstract static class OnTopOfSimple extends CoreFakes.SimpleTranslator {
        @Override
        public AssetKey assetKey(dev.rocky.core.discover.Source s, dev.rocky.core.discover.Table t) {
            return CoreFakes.SIMPLE.assetKey(s, t);
        }

        @Override
        public String groupName(dev.rocky.core.discover.Source s) {
            return CoreFakes.SIMPLE.groupName(s);
        }

        @Override
        public Map<String, String> tags(dev.rocky.core.discover.Source s, dev.rocky.core.discover.Table t) {
            return Map.of();
        }

        @Override
        public Map<String, MetadataValue> metadata(dev.rocky.core.discover.Source s, dev.rocky.core.discover.Table t) {
            return Map.of();
        }

        @Override
        public List<AssetKey> assetDeps(dev.rocky.core.discover.Source s, dev.rocky.core.discover.Table t) {
            return List.of();
        }
    }

    /** Renames models and DAG nodes. */
    private static final AssetTranslator RENAMING = new OnTopOfSimple() {
        @Override
        public AssetKey modelAssetKey(ModelDetail m) {
            return AssetKey.of("models", m.name());
        }

        @Override
        public String modelGroupName(ModelDetail m) {
            return "all_models";
        }

        @Override
        public Map<String, String> modelTags(ModelDetail m) {
            return Map.of("layer", "gold");
        }

        @Override
        public Map<String, MetadataValue> modelMetadata(ModelDetail m) {
            return Map.of("owner", MetadataValue.text("team_" + m.name()));
        }

        @Override
        public AssetKey dagNodeAssetKey(DagNode n) {
            return AssetKey.of("dag", n.id().replace(':', '_'));
        }

        @Override
        public String dagGroupName(DagNode n) {
            return "dag_" + n.kind();
        }
    };

    @Test
    void derivedModelsTakeKeyGroupTagsAndMetadataFromTheTranslatorsModelMethods() {
        Definitions defs = build(opts(false, false, true, false, false), ContractCatalog.NONE, RENAMING).build(full());

        AssetSpec daily = asset(defs, "models", "daily");
        assertThat(daily.group()).isEqualTo("all_models");
        assertThat(daily.tags()).containsExactly(Map.entry("layer", "gold"));
        assertThat(daily.metadata()).containsEntry("owner", MetadataValue.text("team_daily"));
        assertThat(daily.deps()).as("upstream keys come from modelAssetKey too").contains(AssetKey.of("models", "orders"));
        assertThat(asset(defs, "models", "orders").metadata()).as("optimize metadata is added after the translator's")
                .containsEntry("owner", MetadataValue.text("team_orders")).containsKey("rocky/recommended_strategy");
    }

    @Test
    void dagNodesTakeKeyAndGroupFromTheTranslatorsDagMethods() {
        Definitions defs = build(opts(true, false, false, false, false), ContractCatalog.NONE, RENAMING)
                .build(withDag(Optional.of("success"), Optional.of(DAG), Optional.empty()));

        assertThat(defs.assets()).allSatisfy(a -> {
            assertThat(a.key().path().get(0)).isEqualTo("dag");
            assertThat(a.group()).startsWith("dag_");
        });
        assertThat(defs.assets()).extracting(AssetSpec::group).contains("dag_transformation");
    }

    @Test
    void firstPartitionKeysOfEveryGrainGiveTheirStartDate() {
        assertThat(PartitionRules.firstPartitionDate("2026")).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(PartitionRules.firstPartitionDate("2026-04")).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(PartitionRules.firstPartitionDate("2026-04-08")).isEqualTo(LocalDate.of(2026, 4, 8));
        assertThat(PartitionRules.firstPartitionDate("2026-04-08T13")).isEqualTo(LocalDate.of(2026, 4, 8));
    }

    @Test
    void strictBuildRefusesAStateWithoutSourcesOrWithAFailedDiscover() {
        DefsState empty = DefsState.of(new DiscoverResult("0.0.0", List.of(), Optional.empty(), List.of()));
        assertThat(build(BuildDefinitions.Options.defaults()).build(empty).assets()).isEmpty();
        assertThatThrownBy(() -> build(opts(false, true, false, false, false)).build(empty))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_UNUSABLE);
                    assertThat(e.getMessage()).contains("no sources").contains("strict_build");
                });
        DefsState degraded = new DefsState(1, DISCOVER, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("disabled"),
                Optional.empty(), Map.of("discover", "timed out"), Set.of("discover"), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertThat(build(BuildDefinitions.Options.defaults()).build(degraded).assets()).hasSize(2);
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("discover kept from an earlier refresh: timed out"));
        assertThatThrownBy(() -> build(opts(false, true, false, false, false)).build(degraded))
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.getMessage()).contains("timed out"));
    }

    private static DagNode node(String id, String kind, String pipeline, Optional<ModelTarget> target, List<String> deps) {
        return new DagNode(id, kind, id.substring(id.indexOf(':') + 1), Optional.ofNullable(pipeline), target, Optional.empty(), deps,
                OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    private static final DagResult DAG = new DagResult("1", "1", List.of(
            node("source:ingest", "source", "ingest", Optional.empty(), List.of()),
            node("load:ingest", "load", "ingest", Optional.empty(), List.of("source:ingest")),
            new DagNode("transformation:daily", "transformation", "daily", Optional.of("transform"),
                    Optional.of(new ModelTarget("wh", "mart", "daily")), Optional.of(ModelStrategy.of("time_interval")),
                    List.of("load:ingest"), OptionalLong.of(3600), Optional.of("hour"), Optional.of("2026-01-02T00")),
            node("test:daily_not_null", "test", null, Optional.empty(), List.of("transformation:daily"))),
            List.of(), List.of());

    @Test
    void columnLineageLandsOnTheTargetModelKeyedByUpstreamAssetWithoutSelfEdgesOrRepeats() {
        DagNode stg = new DagNode("transformation:stg", "transformation", "stg", Optional.of("t"),
                Optional.of(new ModelTarget("wh", "staging", "stg")), Optional.empty(), List.of(), OptionalLong.empty(),
                Optional.of("day"), Optional.empty());
        DagNode fct = new DagNode("transformation:fct", "transformation", "fct", Optional.of("t"),
                Optional.of(new ModelTarget("wh", "gold", "fct")), Optional.empty(), List.of("transformation:stg"),
                OptionalLong.empty(), Optional.of("day"), Optional.empty());
        DagResult dag = new DagResult("1", "1", List.of(stg, fct), List.of(), List.of(
                new ColumnLineageEdge("stg", "amount", "fct", "revenue", "aggregation: sum"),
                new ColumnLineageEdge("stg", "amount", "fct", "revenue", "aggregation: sum"),
                new ColumnLineageEdge("stg", "fx", "fct", "revenue", "expression"),
                new ColumnLineageEdge("fct", "revenue", "fct", "revenue_copy", "direct"),
                new ColumnLineageEdge("raw.orders", "amount", "stg", "amount", "direct")));
        Definitions defs = build(opts(true, false, false, false, false))
                .build(withDag(Optional.of("success"), Optional.of(dag), Optional.empty()));

        AssetSpec gold = asset(defs, "wh", "gold", "fct");
        TableColumnLineage lineage = ((MetadataValue.ColumnLineage) gold.metadata().get("dagster/column_lineage")).lineage();
        assertThat(lineage.depsByColumn()).containsOnlyKeys("revenue");
        assertThat(lineage.depsByColumn().get("revenue")).containsExactly(
                new TableColumnLineage.ColumnDep(AssetKey.of("wh", "staging", "stg"), "amount"),
                new TableColumnLineage.ColumnDep(AssetKey.of("wh", "staging", "stg"), "fx"));
        TableColumnLineage staging = ((MetadataValue.ColumnLineage) asset(defs, "wh", "staging", "stg").metadata()
                .get("dagster/column_lineage")).lineage();
        assertThat(staging.depsByColumn().get("amount")).containsExactly(new TableColumnLineage.ColumnDep(AssetKey.of("raw.orders"), "amount"));
        assertThat(gold.partitions().orElseThrow()).as("one definition object per distinct shape")
                .isSameAs(asset(defs, "wh", "staging", "stg").partitions().orElseThrow());
    }

    @Test
    void dagModeBuildsOneAssetPerNodeExceptTests() {
        Definitions defs = build(opts(true, false, false, false, false)).build(
                withDag(Optional.of("success"), Optional.of(DAG), Optional.empty()));
        assertThat(defs.assets()).extracting(AssetSpec::key).containsExactly(AssetKey.of("ingest", "source"),
                AssetKey.of("ingest", "load"), AssetKey.of("wh", "mart", "daily"));
        AssetSpec daily = asset(defs, "wh", "mart", "daily");
        assertThat(daily.deps()).containsExactly(AssetKey.of("ingest", "load"));
        assertThat(daily.group()).isEqualTo("mart");
        assertThat(daily.kinds()).containsExactly("rocky", "transformation");
        assertThat(daily.tags()).containsEntry("rocky/kind", "transformation");
        assertThat(daily.metadata()).containsEntry("rocky/node_id", MetadataValue.text("transformation:daily"))
                .containsEntry("rocky/pipeline", MetadataValue.text("transform"));
        assertThat(daily.freshness().orElseThrow().maximumLag()).isEqualTo(Duration.ofHours(1));
        assertThat(daily.partitions()).contains(new PartitionsDefinition.TimeWindow(TimeGrain.HOUR, LocalDate.of(2026, 1, 2)));
        assertThat(asset(defs, "ingest", "load").group()).isEqualTo("ingest");
    }

    @Test
    void twoNodesOnOneKeyAreRefusedNamingBothUntilATranslatorTellsThemApart() {
        DagResult clash = new DagResult("1", "1", List.of(
                node("quality:a", "quality", "p1", Optional.empty(), List.of()),
                node("quality:b", "quality", "p1", Optional.empty(), List.of())), List.of(), List.of());
        DefsState state = withDag(Optional.of("success"), Optional.of(clash), Optional.empty());
        assertThatThrownBy(() -> build(opts(true, false, false, false, false)).build(state))
                .isInstanceOfSatisfying(RockyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_INVALID);
                    assertThat(e.getMessage()).contains("quality/p1").contains("quality:a (pipeline p1)").contains("quality:b");
                });
        AssetTranslator byId = new OnTopOfSimple() {
            @Override
            public AssetKey dagNodeAssetKey(DagNode n) {
                return AssetKey.of("quality", n.label());
            }
        };
        assertThat(build(opts(true, false, false, false, false), ContractCatalog.NONE, byId).build(state).assets()).hasSize(2);
    }

    @Test
    void aNewerDagSchemaVersionIsAWarningNamingBothVersions() {
        DagResult newer = new DagResult("1", "7", DAG.nodes(), List.of(), List.of());
        build(opts(true, false, false, false, false)).build(withDag(Optional.of("success"), Optional.of(newer), Optional.empty()));
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("schema_version 7 is newer than 1"));
    }

    @Test
    void dagModeRefusesAFailedDisabledOrUnknownDagStatusWithTheReason() {
        BuildDefinitions dag = build(opts(true, false, false, false, false));
        assertThatThrownBy(() -> dag.build(withDag(Optional.of("failed"), Optional.empty(), Optional.of("rocky dag timed out"))))
                .isInstanceOfSatisfying(StateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_UNUSABLE);
                    assertThat(e.getMessage()).contains("rocky dag timed out");
                });
        assertThatThrownBy(() -> dag.build(withDag(Optional.of("disabled"), Optional.empty(), Optional.empty())))
                .hasMessageContaining("dag_mode off");
        assertThatThrownBy(() -> dag.build(withDag(Optional.of("partial"), Optional.empty(), Optional.empty())))
                .hasMessageContaining("'partial'");
    }

    @Test
    void aLegacyStateWithoutDagStatusFallsBackToDiscoverWithAWarningUnlessStrict() {
        DefsState legacy = withDag(Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(build(opts(true, false, false, false, false)).build(legacy).assets()).hasSize(2);
        assertThat(log.warnings).anySatisfy(w -> assertThat(w).contains("no dag_status"));
        assertThatThrownBy(() -> build(opts(true, true, false, false, false)).build(legacy))
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_UNUSABLE));
    }
}
