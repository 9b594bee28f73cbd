package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.translator.spi.RockyTranslator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks everything a translator returns against {@link TranslatorOutputRules} and turns a bad
 * value, a {@code null} or an exception into a {@code TRANSLATOR_OUTPUT} error that names the
 * translator, the input and the value. Thread-safe if the translator is; allocates nothing on top of
 * the translator when everything is valid.
 */
final class ValidatingTranslator implements RockyTranslator {

    private final RockyTranslator delegate;
    private final String who;

    /**
     * @param delegate the translator to check
     * @param who how errors name it, e.g. {@code translator 'tenant' (/srv/plugins/tenant.jar)}
     */
    ValidatingTranslator(RockyTranslator delegate, String who) {
        this.delegate = delegate;
        this.who = who;
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        AssetKey key;
        try {
            key = delegate.assetKey(source, table);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", source, table);
        }
        return key(key, "asset key", source, table);
    }

    @Override
    public String groupName(Source source) {
        String group;
        try {
            group = delegate.groupName(source);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", source, null);
        }
        return group(group, source);
    }

    @Override
    public Map<String, String> tags(Source source, Table table) {
        Map<String, String> tags;
        try {
            tags = delegate.tags(source, table);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", source, table);
        }
        return tags(tags, source, table);
    }

    @Override
    public Map<String, MetadataValue> metadata(Source source, Table table) {
        Map<String, MetadataValue> metadata;
        try {
            metadata = delegate.metadata(source, table);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", source, table);
        }
        return metadata(metadata, source, table);
    }

    @Override
    public List<AssetKey> assetDeps(Source source, Table table) {
        List<AssetKey> deps;
        try {
            deps = delegate.assetDeps(source, table);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset deps", source, table);
        }
        notNull(deps, "asset deps", source, table);
        for (AssetKey dep : deps) {
            key(dep, "dependency key", source, table);
        }
        return deps;
    }

    @Override
    public AssetKey modelAssetKey(ModelDetail model) {
        AssetKey key;
        try {
            key = delegate.modelAssetKey(model);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", model, null);
        }
        return key(key, "asset key", model, null);
    }

    @Override
    public String modelGroupName(ModelDetail model) {
        String group;
        try {
            group = delegate.modelGroupName(model);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "group", model, null);
        }
        return group(group, model);
    }

    @Override
    public Map<String, String> modelTags(ModelDetail model) {
        Map<String, String> tags;
        try {
            tags = delegate.modelTags(model);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "tags", model, null);
        }
        return tags(tags, model, null);
    }

    @Override
    public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
        Map<String, MetadataValue> metadata;
        try {
            metadata = delegate.modelMetadata(model);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "metadata", model, null);
        }
        return metadata(metadata, model, null);
    }

    @Override
    public AssetKey dagNodeAssetKey(DagNode node) {
        AssetKey key;
        try {
            key = delegate.dagNodeAssetKey(node);
        } catch (RuntimeException | LinkageError e) {
            throw threw(e, "asset key", node, null);
        }
        return key(key, "asset key", node, null);
    }

    @Override
    public String dagGroupName(DagNode node) {
        String group;
        try {
            group = delegate.dagGroupName(node);
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

    private AssetKey key(AssetKey key, String what, Object subject, Table table) {
        notNull(key, what, subject, table);
        Optional<String> problem = TranslatorOutputRules.keyProblem(key);
        if (problem.isPresent()) {
            throw invalid(what, subject, table, key.path().toString(), problem.get());
        }
        return key;
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

    private Map<String, MetadataValue> metadata(Map<String, MetadataValue> metadata, Object subject, Table table) {
        notNull(metadata, "metadata", subject, table);
        for (Map.Entry<String, MetadataValue> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw invalid("metadata", subject, table, e.getKey() + "=" + e.getValue(),
                        "metadata needs a non-empty key and a value (MetadataValue.NULL for none)");
            }
        }
        return metadata;
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
