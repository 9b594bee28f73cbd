package dev.rocky.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What materializing an asset asks rocky to do, recorded by the load next to each asset so a
 * materialization needs nothing but the definitions: which engine object the asset stands for and
 * how {@code rocky run} selects it. The kinds mirror the dispatch rules of the reference component:
 * a discovered table runs through its source's filter, a model through {@code --model}, a DAG
 * source or load node through its replication pipeline's sources, the node of a {@code load}
 * pipeline through {@code rocky run --pipeline}, and seed, quality and snapshot nodes are not run
 * at all.
 */
public sealed interface RunTarget {

    /**
     * A discovered table ({@code discover}'s {@code sources[].tables[]}).
     *
     * @param sourceId the source's id, for {@code --filter id=<source id>}
     * @param components the source's single-valued schema-pattern components, in pattern order, for
     *     a group-wide {@code --filter <component>=<value>}; copied
     * @param engineKey the key rocky's run prints for the table: {@code [source_type, components…, table]}; copied
     * @param pipeline the pipeline to pass as {@code --pipeline}, when one must be named
     */
    record SourceTable(String sourceId, Map<String, String> components, List<String> engineKey, Optional<String> pipeline)
            implements RunTarget {
        /** Copies collections; rejects {@code null}. */
        public SourceTable {
            Objects.requireNonNull(sourceId, "sourceId is null");
            components = Maps.orderedCopy(components);
            engineKey = List.copyOf(engineKey);
            Objects.requireNonNull(pipeline, "pipeline is null");
        }
    }

    /**
     * A transformation model (a derived model, or a DAG {@code transformation} node).
     *
     * @param name the model's name, for {@code --model}
     * @param engineKey the key rocky's run prints for it: {@code [catalog, schema, table]}; copied
     * @param pipeline the transformation pipeline, for {@code --pipeline}; empty to run it with
     *     {@code --models <models_dir>} instead
     */
    record Model(String name, List<String> engineKey, Optional<String> pipeline) implements RunTarget {
        /** Copies the key; rejects {@code null}. */
        public Model {
            Objects.requireNonNull(name, "name is null");
            engineKey = List.copyOf(engineKey);
            Objects.requireNonNull(pipeline, "pipeline is null");
        }
    }

    /**
     * A DAG {@code source} or {@code load} node: runs its replication pipeline, one
     * {@code --filter id=<source id>} run per source the state's discover found.
     *
     * @param pipeline the replication pipeline, for {@code --pipeline}
     * @param sourceIds the sources to run; empty to run the whole pipeline without a filter; copied
     */
    record ReplicationPipeline(String pipeline, List<String> sourceIds) implements RunTarget {
        /** Copies the list; rejects {@code null}. */
        public ReplicationPipeline {
            Objects.requireNonNull(pipeline, "pipeline is null");
            sourceIds = List.copyOf(sourceIds);
        }
    }

    /**
     * The DAG node of a {@code type = "load"} pipeline (files from its {@code source_dir} into the
     * warehouse). {@code rocky run --pipeline <name>} delegates to {@code rocky load} for such a
     * pipeline and prints the load document ({@code LoadOutput}: {@code files_loaded},
     * {@code files_failed}, {@code files[]}) instead of a run document (rocky-cli
     * {@code commands/run.rs}, the {@code PipelineConfig::Load} arm).
     *
     * @param pipeline the load pipeline, for {@code --pipeline}
     */
    record LoadPipeline(String pipeline) implements RunTarget {
        /** Rejects {@code null}. */
        public LoadPipeline {
            Objects.requireNonNull(pipeline, "pipeline is null");
        }
    }

    /**
     * A DAG {@code seed}, {@code quality} or {@code snapshot} node: materializing it reports a
     * placeholder materialization and calls nothing.
     *
     * @param kind the node's kind
     */
    record Placeholder(String kind) implements RunTarget {
        /** Rejects {@code null}. */
        public Placeholder {
            Objects.requireNonNull(kind, "kind is null");
        }
    }

    /**
     * A table of the tenant-as-partition collapse ({@link TenantPartitioning}): one asset for the
     * same table of every tenant's source. A partition key runs {@code --filter
     * <component>=<value>} (the tenant's raw value, which the translator's partition key may
     * canonicalise); rocky prints the table under its tenant's engine key, {@code [source_type,
     * components…, table]} with the tenant's value at {@code tenantIndex}.
     *
     * @param component the tenant component
     * @param tenantIndex where the tenant's value sits in the engine key
     * @param engineKeyWithoutTenant the engine key with the tenant's value left out; copied
     * @param rawValueByPartitionKey each known partition key's component value, for the filter; copied
     * @param sourceIdByPartitionKey each known partition key's source of this table, for
     *     {@code scope_runs_to_selection}; copied
     * @param pipeline the pipeline to pass as {@code --pipeline}, when one must be named
     * @param scopeRunsToSelection {@code tenant.scope_runs_to_selection}: run the selected sources of
     *     the tenant ({@code --filter id=…}) rather than the whole tenant
     */
    record TenantTable(String component, int tenantIndex, List<String> engineKeyWithoutTenant,
            Map<String, String> rawValueByPartitionKey, Map<String, String> sourceIdByPartitionKey, Optional<String> pipeline,
            boolean scopeRunsToSelection) implements RunTarget {
        /** Copies collections; rejects {@code null} and an index outside the key. */
        public TenantTable {
            Objects.requireNonNull(component, "component is null");
            engineKeyWithoutTenant = List.copyOf(engineKeyWithoutTenant);
            if (tenantIndex < 1 || tenantIndex > engineKeyWithoutTenant.size() - 1) {
                throw new IllegalArgumentException("tenantIndex " + tenantIndex + " is outside the engine key");
            }
            rawValueByPartitionKey = Maps.orderedCopy(rawValueByPartitionKey);
            sourceIdByPartitionKey = Maps.orderedCopy(sourceIdByPartitionKey);
            Objects.requireNonNull(pipeline, "pipeline is null");
        }

        /**
         * @param partitionKey a tenant partition key
         * @return the component value to filter on: the known tenant's raw value, else the key itself
         *     (a tenant added after the last refresh), as the reference's {@code _tenant_partition_filters}
         */
        public String filterValue(String partitionKey) {
            return rawValueByPartitionKey.getOrDefault(partitionKey, partitionKey);
        }

        /**
         * @param rawValue a tenant's component value
         * @return the key rocky prints for this table of that tenant
         */
        public List<String> engineKey(String rawValue) {
            List<String> out = new java.util.ArrayList<>(engineKeyWithoutTenant.size() + 1);
            out.addAll(engineKeyWithoutTenant.subList(0, tenantIndex));
            out.add(rawValue);
            out.addAll(engineKeyWithoutTenant.subList(tenantIndex, engineKeyWithoutTenant.size()));
            return out;
        }
    }
}
