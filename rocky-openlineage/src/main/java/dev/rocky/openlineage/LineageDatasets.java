package dev.rocky.openlineage;

import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.TableColumnLineage;
import io.openlineage.client.OpenLineage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds OpenLineage datasets for assets: outputs with the schema facet (the columns rocky's
 * column lineage names; types are left out, since rocky 1.71 prints none), the column-lineage
 * facet and the output-statistics facet (rows written); the checks rocky ran as the
 * data-quality-assertions input facet of the table checked; inputs from the assets' deps and the upstream tables
 * their column lineage names.
 */
final class LineageDatasets {

    private final OpenLineage ol;
    private final LineageNaming naming;
    private final Definitions defs;

    LineageDatasets(OpenLineage ol, LineageNaming naming, Definitions defs) {
        this.ol = ol;
        this.naming = naming;
        this.defs = defs;
    }

    /**
     * @param name the table's {@code catalog.schema.table}
     * @param asset the asset it belongs to, when known: its schema and column lineage are the facets
     * @param rows rows written, when rocky counted them: the output-statistics facet
     * @return the output dataset
     */
    OpenLineage.OutputDataset output(String name, Optional<AssetKey> asset, java.util.OptionalLong rows) {
        OpenLineage.OutputDatasetOutputFacetsBuilder outputFacets = ol.newOutputDatasetOutputFacetsBuilder();
        rows.ifPresent(n -> outputFacets.outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(n, null, null)));
        OpenLineage.DatasetFacetsBuilder facets = asset.map(this::describe).orElseGet(ol::newDatasetFacetsBuilder);
        return ol.newOutputDataset(naming.datasetNamespace, name, facets.build(), outputFacets.build());
    }

    /**
     * @param name a table's {@code catalog.schema.table} (or {@code schema.table} as rocky names a source)
     * @return it as an input dataset, without facets
     */
    OpenLineage.InputDataset input(String name) {
        return ol.newInputDataset(naming.datasetNamespace, name, null, null);
    }

    /**
     * The checks rocky ran on a table it wrote, as the {@code dataQualityAssertions} input facet
     * of that table (OpenLineage defines the facet for datasets a run checks, as its dbt
     * integration reports tests); a placeholder for a check rocky did not run is never an assertion.
     *
     * @param name the checked table's {@code catalog.schema.table}
     * @param checks the check results reported for its asset
     * @return the checked table as an input with its assertions; empty when no check ran
     */
    Optional<OpenLineage.InputDataset> checked(String name, List<RunEvent.AssetCheckResult> checks) {
        List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
        for (RunEvent.AssetCheckResult c : checks) {
            if (c.metadata().get(MetadataKeys.ROCKY_PLACEHOLDER) instanceof MetadataValue.BoolValue b && b.value()) {
                continue;
            }
            assertions.add(ol.newDataQualityAssertionsDatasetFacetAssertions(c.checkName(), c.passed(),
                    LineageNaming.text(c.metadata().get("column")).orElse(null)));
        }
        if (assertions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ol.newInputDataset(naming.datasetNamespace, name, null, ol.newInputDatasetInputFacetsBuilder()
                .dataQualityAssertions(ol.newDataQualityAssertionsDatasetFacet(assertions)).build()));
    }

    /**
     * @param key an asset
     * @return its dataset as the graph knows it (schema and column lineage), for a refresh's
     *     {@code DatasetEvent}; empty when it names no table
     */
    Optional<OpenLineage.StaticDataset> declared(AssetKey key) {
        return naming.outputName(key, Map.of())
                .map(name -> ol.newStaticDataset(naming.datasetNamespace, name, describe(key).build()));
    }

    /**
     * @return the tables the assets read, deduplicated, in order (deps first, then column-lineage
     *     upstreams), without the tables the assets themselves write
     */
    List<OpenLineage.InputDataset> inputs(List<AssetKey> keys) {
        Set<String> names = new LinkedHashSet<>();
        Set<AssetKey> served = new LinkedHashSet<>(keys);
        for (AssetKey key : keys) {
            Optional<AssetSpec> spec = defs.asset(key);
            if (spec.isEmpty()) {
                continue;
            }
            for (AssetKey dep : spec.get().deps()) {
                if (!served.contains(dep)) {
                    naming.inputName(dep).ifPresent(names::add);
                }
            }
            lineage(spec.get()).ifPresent(l -> l.depsByColumn().values().forEach(deps -> deps.forEach(
                    d -> naming.inputName(d.asset()).ifPresent(names::add))));
        }
        for (AssetKey key : keys) {
            naming.outputName(key, Map.of()).ifPresent(names::remove);
        }
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        for (String name : names) {
            inputs.add(input(name));
        }
        return inputs;
    }

    /**
     * @param key an asset
     * @return its output as the graph declares it (no statistics), when it names a table
     */
    Optional<OpenLineage.OutputDataset> declaredOutput(AssetKey key) {
        return naming.outputName(key, Map.of()).map(name -> output(name, Optional.of(key), java.util.OptionalLong.empty()));
    }

    private OpenLineage.DatasetFacetsBuilder describe(AssetKey key) {
        OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder();
        Optional<TableColumnLineage> lineage = defs.asset(key).flatMap(LineageDatasets::lineage);
        if (lineage.isPresent() && !lineage.get().depsByColumn().isEmpty()) {
            List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
            OpenLineage.ColumnLineageDatasetFacetFieldsBuilder columns = ol.newColumnLineageDatasetFacetFieldsBuilder();
            for (Map.Entry<String, List<TableColumnLineage.ColumnDep>> column : lineage.get().depsByColumn().entrySet()) {
                fields.add(ol.newSchemaDatasetFacetFields(column.getKey(), null, null, null));
                List<OpenLineage.InputField> from = new ArrayList<>();
                for (TableColumnLineage.ColumnDep dep : column.getValue()) {
                    naming.inputName(dep.asset()).ifPresent(n -> from.add(ol.newInputField(naming.datasetNamespace, n, dep.column(), null)));
                }
                if (!from.isEmpty()) {
                    columns.put(column.getKey(), ol.newColumnLineageDatasetFacetFieldsAdditional(from, null, null));
                }
            }
            facets.schema(ol.newSchemaDatasetFacet(fields));
            OpenLineage.ColumnLineageDatasetFacetFields built = columns.build();
            if (!built.getAdditionalProperties().isEmpty()) {
                facets.columnLineage(ol.newColumnLineageDatasetFacet(built, null));
            }
        }
        return facets;
    }

    private static Optional<TableColumnLineage> lineage(AssetSpec spec) {
        return spec.metadata().get(MetadataKeys.DAGSTER_COLUMN_LINEAGE) instanceof MetadataValue.ColumnLineage c
                ? Optional.of(c.lineage()) : Optional.empty();
    }

    /** @return the events of a call grouped by asset, materializations and check results */
    static Map<AssetKey, List<RunEvent>> byAsset(List<RunEvent> events) {
        Map<AssetKey, List<RunEvent>> out = new LinkedHashMap<>();
        for (RunEvent e : events) {
            out.computeIfAbsent(e.asset(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }
}
