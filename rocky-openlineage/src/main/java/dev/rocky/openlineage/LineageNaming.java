package dev.rocky.openlineage;

import dev.rocky.core.run.RockyCall;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.Map;
import java.util.Optional;

/**
 * How rocky's calls and tables are named in OpenLineage. Jobs: {@code <project>.materialize} for
 * a materialization, {@code <project>.model.<model>}, {@code <project>.models.all},
 * {@code <project>.<pipeline>[.<filter>]} or {@code <project>.run[.<filter>]} for its calls, in
 * the configured job namespace. Datasets: the adapter's namespace and the table's
 * {@code catalog.schema.table} as rocky printed it ({@code dagster-rocky/target_table_full_name}),
 * else a model's target from the graph; for inputs also a discovered table's source
 * ({@code <source schema>.<table>}) and the engine tables column lineage names. An asset that
 * names no table (a DAG pipeline node, a placeholder) is no dataset.
 */
final class LineageNaming {

    final String jobNamespace;
    final String datasetNamespace;
    final String project;
    private final Definitions defs;

    LineageNaming(String jobNamespace, String datasetNamespace, String project, Definitions defs) {
        this.jobNamespace = jobNamespace;
        this.datasetNamespace = datasetNamespace;
        this.project = project;
        this.defs = defs;
    }

    String materializeJob() {
        return project + ".materialize";
    }

    String modelJob(String model) {
        return project + ".model." + model;
    }

    String callJob(RockyCall call) {
        RunOptions o = call.options();
        if (o.model().isPresent()) {
            return modelJob(o.model().get());
        }
        if (o.modelsDir().isPresent()) {
            return project + ".models" + (o.all() ? ".all" : "");
        }
        return project + "." + o.pipeline().orElse("run") + o.filter().map(f -> "." + f).orElse("");
    }

    /**
     * @param key a selected asset
     * @param printed the metadata of the event that materialized it, when there is one
     * @return the table it wrote: rocky's printed target, else the graph's; empty when it names none
     */
    Optional<String> outputName(AssetKey key, Map<String, MetadataValue> printed) {
        return text(printed.get(MetadataKeys.DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME))
                .or(() -> defs.asset(key).flatMap(s -> text(s.metadata().get(MetadataKeys.DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME))));
    }

    /**
     * @param key an asset an output reads from, or an engine table named in column lineage
     * @return the table read: a model's target, a discovered table's source
     *     ({@code <source schema>.<table>}), an engine table's printed name; empty for an asset
     *     that names no table
     */
    Optional<String> inputName(AssetKey key) {
        Optional<AssetSpec> spec = defs.asset(key);
        if (spec.isEmpty()) {
            return Optional.of(String.join(".", key.path()));
        }
        return text(spec.get().metadata().get(MetadataKeys.DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME))
                .or(() -> defs.runTarget(key).flatMap(t -> t instanceof RunTarget.SourceTable s
                        ? Optional.of(s.sourceId() + "." + key.leaf()) : Optional.empty()));
    }

    /**
     * @param served an asset a call served
     * @param written a table the call wrote, {@code catalog.schema.table}
     * @return the source table a replication copied it from, {@code <source schema>.<table>}: for
     *     a discovered table, its source; for a DAG replication node of one source, that source and
     *     the written table's name; empty otherwise (a model, a pipeline of several sources)
     */
    Optional<String> sourceOf(AssetKey served, String written) {
        String table = written.substring(written.lastIndexOf('.') + 1);
        return defs.runTarget(served).flatMap(t -> {
            if (t instanceof RunTarget.SourceTable s) {
                return Optional.of(s.sourceId() + "." + served.leaf());
            }
            if (t instanceof RunTarget.ReplicationPipeline p && p.sourceIds().size() == 1) {
                return Optional.of(p.sourceIds().get(0) + "." + table);
            }
            return Optional.empty();
        });
    }

    static Optional<String> text(MetadataValue value) {
        return value instanceof MetadataValue.Text t && !t.value().isBlank() ? Optional.of(t.value()) : Optional.empty();
    }
}
