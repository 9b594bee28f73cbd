package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.translator.spi.DagNodeView;
import dev.rocky.translator.spi.ModelView;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin ({@link RockyTranslator}) as the core's {@link AssetTranslator}: it shows the plugin
 * rocky's objects as the SPI's views, checks everything the plugin returns against
 * {@link TranslatorOutputRules}, and turns its answers into the core's values (segments into an
 * {@link AssetKey}, plain metadata values into {@link MetadataValue}s, inferred as Dagster infers
 * them). A bad value, a {@code null} or an exception becomes a {@code TRANSLATOR_OUTPUT} error that
 * names the translator, the input and the value. Thread-safe if the plugin is.
 */
final class ValidatingTranslator implements AssetTranslator {

    private final RockyTranslator delegate;
    private final String who;
    /**
     * The last source, table, model and DAG node this thread showed the plugin, each with its view
     * (object, view pairs): a load asks several questions about each, one after the other.
     */
    private final ThreadLocal<Object[]> lastViews = ThreadLocal.withInitial(() -> new Object[8]);

    /**
     * @param delegate the plugin to check
     * @param who how errors name it, e.g. {@code translator 'tenant' (/srv/plugins/tenant.jar)}
     */
    ValidatingTranslator(RockyTranslator delegate, String who) {
        this.delegate = delegate;
        this.who = who;
    }

    private SourceView view(Source source) {
        Object[] last = lastViews.get();
        if (last[0] != source) {
            last[0] = source;
            last[1] = Views.of(source);
        }
        return (SourceView) last[1];
    }

    private TableView view(Table table) {
        Object[] last = lastViews.get();
        if (last[2] != table) {
            last[2] = table;
            last[3] = Views.of(table);
        }
        return (TableView) last[3];
    }

    private ModelView view(ModelDetail model) {
        Object[] last = lastViews.get();
        if (last[4] != model) {
            last[4] = model;
            last[5] = Views.of(model);
        }
        return (ModelView) last[5];
    }

    private DagNodeView view(DagNode node) {
        Object[] last = lastViews.get();
        if (last[6] != node) {
            last[6] = node;
            last[7] = Views.of(node);
        }
        return (DagNodeView) last[7];
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        List<String> key;
        try {
            key = delegate.assetKey(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", source, table);
        }
        return key(key, "asset key", source, table);
    }

    @Override
    public String partitionKey(Source source, String tenantComponent) {
        String key;
        try {
            key = delegate.partitionKey(view(source), tenantComponent);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "partition key", source, null);
        }
        if (key == null) {
            return ((dev.rocky.core.discover.ComponentValue.Single) source.components().get(tenantComponent)).value();
        }
        if (key.isBlank() || key.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("partition key", source, null, "'" + dev.rocky.core.run.CliArgument.printable(key) + "'",
                    "a partition key must be non-blank text without control characters");
        }
        return key;
    }

    @Override
    public String groupName(Source source) {
        String group;
        try {
            group = delegate.groupName(view(source));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", source, null);
        }
        return group(group, source);
    }

    @Override
    public Map<String, String> tags(Source source, Table table) {
        Map<String, String> tags;
        try {
            tags = delegate.tags(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", source, table);
        }
        return tags(tags, source, table);
    }

    @Override
    public Map<String, MetadataValue> metadata(Source source, Table table) {
        Map<String, Object> metadata;
        try {
            metadata = delegate.metadata(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", source, table);
        }
        return metadata(metadata, source, table);
    }

    @Override
    public List<AssetKey> assetDeps(Source source, Table table) {
        List<List<String>> deps;
        try {
            deps = delegate.assetDeps(view(source), view(table));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset deps", source, table);
        }
        notNull(deps, "asset deps", source, table);
        List<AssetKey> out = new ArrayList<>(deps.size());
        for (List<String> dep : deps) {
            out.add(key(dep, "dependency key", source, table));
        }
        return out;
    }

    @Override
    public AssetKey modelAssetKey(ModelDetail model) {
        List<String> key;
        try {
            key = delegate.modelAssetKey(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", model, null);
        }
        return key(key, "asset key", model, null);
    }

    @Override
    public String modelGroupName(ModelDetail model) {
        String group;
        try {
            group = delegate.modelGroupName(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", model, null);
        }
        return group(group, model);
    }

    @Override
    public Map<String, String> modelTags(ModelDetail model) {
        Map<String, String> tags;
        try {
            tags = delegate.modelTags(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", model, null);
        }
        return tags(tags, model, null);
    }

    @Override
    public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
        Map<String, Object> metadata;
        try {
            metadata = delegate.modelMetadata(view(model));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", model, null);
        }
        return metadata(metadata, model, null);
    }

    @Override
    public AssetKey dagNodeAssetKey(DagNode node) {
        List<String> key;
        try {
            key = delegate.dagNodeAssetKey(view(node));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", node, null);
        }
        return key(key, "asset key", node, null);
    }

    @Override
    public String dagGroupName(DagNode node) {
        String group;
        try {
            group = delegate.dagGroupName(view(node));
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", node, null);
        }
        return group(group, node);
    }

    @Override
    public String toString() {
        return "validated " + delegate;
    }

    private RuntimeException threw(Throwable e, String what, Object subject, Table table) {
        if (e instanceof RockyException rocky) {
            return rocky;
        }
        return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " while computing the " + what + " of "
                + describe(subject, table) + "; fix the translator or its configuration", e);
    }

    private void notNull(Object value, String what, Object subject, Table table) {
        if (value == null) {
            throw invalid(what, subject, table, "null", "a translator must never return null");
        }
    }

    private AssetKey key(List<String> segments, String what, Object subject, Table table) {
        notNull(segments, what, subject, table);
        if (segments.isEmpty() || segments.stream().anyMatch(java.util.Objects::isNull)) {
            throw invalid(what, subject, table, String.valueOf(segments), "a key needs at least one segment and no null segment");
        }
        Optional<String> problem = TranslatorOutputRules.keyProblem(segments);
        if (problem.isPresent()) {
            throw invalid(what, subject, table, segments.toString(), problem.get());
        }
        try {
            return new AssetKey(segments);
        } catch (IllegalArgumentException e) {
            throw invalid(what, subject, table, segments.toString(), e.getMessage());
        }
    }

    private String group(String group, Object subject) {
        notNull(group, "group", subject, null);
        Optional<String> problem = TranslatorOutputRules.groupProblem(group);
        if (problem.isPresent()) {
            throw invalid("group", subject, null, "'" + group + "'", problem.get());
        }
        return group;
    }

    private Map<String, String> tags(Map<String, String> tags, Object subject, Table table) {
        notNull(tags, "tags", subject, table);
        Optional<String> problem = TranslatorOutputRules.tagsProblem(tags);
        if (problem.isPresent()) {
            throw invalid("tags", subject, table, tags.toString(), problem.get());
        }
        return tags;
    }

    /** Dagster's inference of a plain value: text, whole number, floating-point number, boolean, or null. */
    private Map<String, MetadataValue> metadata(Map<String, Object> metadata, Object subject, Table table) {
        notNull(metadata, "metadata", subject, table);
        Map<String, MetadataValue> out = new LinkedHashMap<>(metadata.size() * 2);
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw invalid("metadata", subject, table, e.getKey() + "=" + e.getValue(), "metadata needs a non-empty key");
            }
            Object v = e.getValue();
            MetadataValue value;
            if (v == null) {
                value = MetadataValue.NULL;
            } else if (v instanceof String text) {
                value = MetadataValue.text(text);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                value = MetadataValue.integer(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                value = new MetadataValue.FloatValue(((Number) v).doubleValue());
            } else if (v instanceof Boolean flag) {
                value = new MetadataValue.BoolValue(flag);
            } else {
                throw invalid("metadata", subject, table, e.getKey() + "=" + v + " (" + v.getClass().getName() + ")",
                        "a metadata value must be a String, a whole number, a floating-point number, a Boolean or null");
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    private RockyException invalid(String what, Object subject, Table table, String value, String problem) {
        return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, who + " returned an invalid " + what + " for "
                + describe(subject, table) + ": " + value + " — " + problem + "; fix the translator or its configuration");
    }

    /** Names the input of a call: a table of a source, a source, a model or a DAG node. */
    private static String describe(Object subject, Table table) {
        if (subject instanceof Source source) {
            return table != null ? "table " + table.name() + " of source " + source.id() : "source " + source.id();
        }
        if (subject instanceof ModelDetail model) {
            return "model " + model.name();
        }
        DagNode node = (DagNode) subject;
        return "DAG node " + node.id() + " (" + node.kind() + ")";
    }
}
