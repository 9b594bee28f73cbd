package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Small rocky objects for translator tests. */
final class Samples {

    private Samples() {
    }

    /** Source {@code raw__acme__orders} (duckdb; tenant acme, source orders) with tables orders (42 rows) and customers. */
    static Source source() {
        Map<String, ComponentValue> components = new LinkedHashMap<>();
        components.put("tenant", new ComponentValue.Single("acme"));
        components.put("source", new ComponentValue.Single("orders"));
        return new Source("raw__acme__orders", components, "duckdb", Optional.empty(),
                List.of(new Table("orders", OptionalLong.of(42)), new Table("customers", OptionalLong.empty())));
    }

    static ModelDetail model(Map<String, String> tags) {
        return new ModelDetail("fct_revenue", strategy(), new ModelTarget("warehouse", "marts", "fct_revenue"), List.of("stg_orders"),
                OptionalLong.empty(), tags);
    }

    static ModelStrategy strategy() {
        return ModelStrategy.of("full_refresh");
    }

    static DagNode node(String id, String kind, String pipeline) {
        return new DagNode(id, kind, id, Optional.ofNullable(pipeline), Optional.empty(), Optional.empty(), List.of(),
                OptionalLong.empty(), Optional.empty(), Optional.empty());
    }
}
