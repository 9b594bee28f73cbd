package dev.rocky.json;

import dev.rocky.core.model.ModelLineage;
import java.util.List;

/**
 * {@code rocky lineage <model> --output json}, the model form (schema {@code lineage.schema.json},
 * title {@code LineageOutput}); the column form ({@code --column}) has its own schema and is not
 * read here.
 *
 * @param version engine version (required)
 * @param command {@code "lineage"} (required)
 * @param model the model (required)
 * @param edges {@code LineageEdgeRecord[]} (required)
 */
public record LineageOutput(
        @Required String version,
        @Required String command,
        @Required String model,
        @Required List<EdgeOutput> edges) {

    /**
     * {@code LineageEdgeRecord}.
     *
     * @param source upstream column (required)
     * @param target downstream column (required)
     * @param transform derivation (required)
     */
    public record EdgeOutput(@Required ColumnOutput source, @Required ColumnOutput target, @Required String transform) {
    }

    /**
     * {@code LineageQualifiedColumn}.
     *
     * @param model model (required)
     * @param column column (required)
     */
    public record ColumnOutput(@Required String model, @Required String column) {
    }

    /** @return the domain value */
    public ModelLineage toDomain() {
        return new ModelLineage(model, edges.stream().map(e -> new ModelLineage.Edge(e.source().model(), e.source().column(),
                e.target().model(), e.target().column(), e.transform())).toList());
    }
}
