package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.translator.spi.DagNodeView;
import dev.rocky.translator.spi.ModelView;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import dev.rocky.translator.spi.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rocky's core objects as the translator SPI's views: what a plugin sees of them. */
public final class Views {

    private Views() {
    }

    /**
     * @param source a discovered source
     * @return its view, without its tables
     */
    public static SourceView of(Source source) {
        List<SourceView.Component> components = new ArrayList<>(source.components().size());
        for (Map.Entry<String, ComponentValue> e : source.components().entrySet()) {
            ComponentValue v = e.getValue();
            components.add(v instanceof ComponentValue.Single single
                    ? new SourceView.Component(e.getKey(), List.of(single.value()), false)
                    : new SourceView.Component(e.getKey(), ((ComponentValue.Multi) v).values(), true));
        }
        return new SourceView(source.id(), source.sourceType(), components, source.lastSyncAt(), source.metadata());
    }

    /**
     * @param table a discovered table
     * @return its view
     */
    public static TableView of(Table table) {
        return new TableView(table.name(), table.rowCount());
    }

    /**
     * @param model a compiled model
     * @return its view
     */
    public static ModelView of(ModelDetail model) {
        return new ModelView(model.name(), of(model.target()), model.strategy().type(), model.dependsOn(), model.tags());
    }

    /**
     * @param node a DAG node
     * @return its view
     */
    public static DagNodeView of(DagNode node) {
        return new DagNodeView(node.id(), node.kind(), node.label(), node.pipeline(), node.target().map(Views::of));
    }

    private static Target of(ModelTarget target) {
        return new Target(target.catalog(), target.schema(), target.table());
    }
}
