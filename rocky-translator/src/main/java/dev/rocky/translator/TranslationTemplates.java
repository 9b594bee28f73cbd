package dev.rocky.translator;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.AssetTranslator.SpecExtras;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The defs.yaml {@code translation} attribute: templates for a discovered table's asset key, group,
 * tags and metadata, applied after the translator (as in the Python reference), so the two compose.
 *
 * <pre>{@code
 * translation:
 *   key: "raw/{{ source_type }}/{{ group_name }}/{{ table_name }}"
 *   group: "{{ group_name }}"
 *   tags:
 *     team: "{{ source_type }}"
 *   metadata:
 *     owner_note: "synced by {{ source_id }}"
 *   description: "{{ table_name }}, replicated from {{ source_id }}"
 *   owners: ["team:data-eng"]
 *   kinds: ["rocky", "{{ source_type }}", "raw"]
 *   deps: ["fivetran/{{ table_name }}"]
 *   code_version: "v2"
 * }</pre>
 *
 * <p>A template is text with {@code {{ variable }}} placeholders; the variables are
 * {@link #VARIABLES}: {@code source_id}, {@code source_type}, {@code group_name} (the translator's
 * group for the source), {@code table_name} and {@code row_count} (empty when discover did not
 * report one). {@code key} is split on {@code /} into segments and replaces the translator's key;
 * {@code group} (alias {@code group_name}) replaces its group and, because a group belongs to a
 * source, may use only the source variables; {@code tags} and {@code metadata} are merged over the
 * translator's, a template winning over a value of the same key; {@code description},
 * {@code code_version}, {@code owners} (each an email address or {@code team:<name>}),
 * {@code kinds} (at most three) and {@code deps} (keys, split on {@code /}) replace the built-in
 * value, as Dagster's {@code TranslationFn} replaces the {@code AssetSpec} attribute.
 * {@code automation_condition} is not accepted (automation is not built yet). Jinja filters and
 * statements are not supported. Immutable and thread-safe.
 */
public final class TranslationTemplates {

    /** The variables a template may name. */
    public static final List<String> VARIABLES = List.of("source_id", "source_type", "group_name", "table_name", "row_count");

    /** The attributes {@code translation} accepts. */
    public static final List<String> ATTRIBUTES = List.of("key", "group", "group_name", "tags", "metadata", "description",
            "owners", "kinds", "deps", "code_version");

    /** Dagster's limit on the kinds of one asset. */
    static final int MAX_KINDS = 3;

    private static final List<String> SOURCE_VARIABLES = List.of("source_id", "source_type", "group_name");

    private final Optional<Template> key;
    private final Optional<Template> group;
    private final Map<String, Template> tags;
    private final Map<String, Template> metadata;
    private final Optional<Template> description;
    private final Optional<Template> codeVersion;
    private final List<Template> owners;
    private final List<Template> kinds;
    private final List<Template> deps;
    /** Whether any template names {@code group_name}: only then is the translator's group computed per call. */
    private final boolean needsGroup;

    private TranslationTemplates(Optional<Template> key, Optional<Template> group, Map<String, Template> tags,
            Map<String, Template> metadata, Map<String, Object> extras) {
        this.key = key;
        this.group = group;
        this.tags = tags;
        this.metadata = metadata;
        this.description = Optional.ofNullable((Template) extras.get("description"));
        this.codeVersion = Optional.ofNullable((Template) extras.get("code_version"));
        this.owners = templates(extras.get("owners"));
        this.kinds = templates(extras.get("kinds"));
        this.deps = templates(extras.get("deps"));
        // plain statements, no method references: each generates a method-handle form at start, outside the start-up archive
        List<Template> all = new ArrayList<>();
        if (key.isPresent()) {
            all.add(key.get());
        }
        if (group.isPresent()) {
            all.add(group.get());
        }
        all.addAll(tags.values());
        all.addAll(metadata.values());
        if (description.isPresent()) {
            all.add(description.get());
        }
        if (codeVersion.isPresent()) {
            all.add(codeVersion.get());
        }
        all.addAll(owners);
        all.addAll(kinds);
        all.addAll(deps);
        boolean usesGroup = false;
        for (Template t : all) {
            usesGroup |= t.usesGroup();
        }
        this.needsGroup = usesGroup;
    }

    @SuppressWarnings("unchecked")
    private static List<Template> templates(Object list) {
        return list == null ? List.of() : (List<Template>) list;
    }

    /** @return templates that change nothing */
    public static TranslationTemplates none() {
        return new TranslationTemplates(Optional.empty(), Optional.empty(), Map.of(), Map.of(), Map.of());
    }

    /**
     * Parses the {@code translation} mapping as defs.yaml gives it.
     *
     * @param translation attribute → template: {@code key} and {@code group}/{@code group_name} map
     *     to a string, {@code tags} and {@code metadata} to a mapping of strings
     * @return the parsed templates
     * @throws IllegalArgumentException naming the attribute ({@code translation.tags.team}) when an
     *     attribute is unknown or of the wrong type, a template names an unknown variable (or a
     *     table variable in {@code group}), uses a filter or statement, or leaves a <code>{{</code> open
     */
    public static TranslationTemplates parse(Map<String, ?> translation) {
        Optional<Template> key = Optional.empty();
        Optional<Template> group = Optional.empty();
        Map<String, Template> tags = Map.of();
        Map<String, Template> metadata = Map.of();
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : translation.entrySet()) {
            String attribute = e.getKey();
            Object value = e.getValue();
            String where = "translation." + attribute;
            switch (attribute) {
                case "key":
                    key = Optional.of(Template.parse(where, string(where, value), VARIABLES));
                    break;
                case "group":
                case "group_name":
                    if (group.isPresent()) {
                        throw new IllegalArgumentException("translation has both group and group_name; keep one");
                    }
                    group = Optional.of(Template.parse(where, string(where, value), SOURCE_VARIABLES));
                    break;
                case "tags":
                    tags = mapping(where, value);
                    break;
                case "metadata":
                    metadata = mapping(where, value);
                    break;
                case "description":
                case "code_version":
                    extras.put(attribute, Template.parse(where, string(where, value), VARIABLES));
                    break;
                case "owners":
                case "kinds":
                case "deps":
                    extras.put(attribute, list(where, value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown translation attribute '" + attribute + "'; accepted: "
                            + String.join(", ", ATTRIBUTES));
            }
        }
        if (extras.containsKey("kinds") && (((List<?>) extras.get("kinds")).isEmpty()
                || ((List<?>) extras.get("kinds")).size() > MAX_KINDS)) {
            throw new IllegalArgumentException("translation.kinds must list 1 to " + MAX_KINDS + " kinds (Dagster's limit), got "
                    + ((List<?>) extras.get("kinds")).size());
        }
        return new TranslationTemplates(key, group, tags, metadata, extras);
    }

    /** @return whether no template is set */
    public boolean isEmpty() {
        return key.isEmpty() && group.isEmpty() && tags.isEmpty() && metadata.isEmpty() && description.isEmpty()
                && codeVersion.isEmpty() && owners.isEmpty() && kinds.isEmpty() && deps.isEmpty();
    }

    /**
     * @param translator the translator whose results the templates override
     * @return a translator that applies the templates after {@code translator}, checking what they
     *     render (a bad key, group or tag is a {@code TRANSLATOR_OUTPUT} error naming
     *     {@code translation.<attribute>} in defs.yaml); {@code translator} itself when there are none
     */
    public AssetTranslator applyTo(AssetTranslator translator) {
        Objects.requireNonNull(translator, "translator is null");
        return isEmpty() ? translator : new Templated(translator);
    }

    private static String string(String where, Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(where + " must be a string template, got " + value);
        }
        return text;
    }

    private static List<Template> list(String where, Object value) {
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(where + " must be a list of string templates, got " + value);
        }
        List<Template> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(Template.parse(where + "[" + i + "]", string(where + "[" + i + "]", items.get(i)), VARIABLES));
        }
        return List.copyOf(out);
    }

    private static Map<String, Template> mapping(String where, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping of names to string templates, got " + value);
        }
        Map<String, Template> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = where + "." + name;
            Object v = e.getValue();
            String text = v instanceof String s ? s : v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
            if (text == null) {
                throw new IllegalArgumentException(at + " must be a string template, got " + v);
            }
            out.put(name, Template.parse(at, text, VARIABLES));
        }
        return Collections.unmodifiableMap(out);
    }

    private final class Templated implements AssetTranslator {
        private final AssetTranslator delegate;

        Templated(AssetTranslator delegate) {
            this.delegate = delegate;
        }

        @Override
        public AssetKey assetKey(Source source, Table table) {
            if (key.isEmpty()) {
                return delegate.assetKey(source, table);
            }
            return renderKey("key", key.get(), variables(source, table), source, table);
        }

        private AssetKey renderKey(String attribute, Template template, Map<String, String> vars, Source source, Table table) {
            String rendered = template.render(vars);
            List<String> segments = new ArrayList<>();
            int start = 0;
            for (int slash = rendered.indexOf('/'); ; slash = rendered.indexOf('/', start)) {
                String segment = slash < 0 ? rendered.substring(start) : rendered.substring(start, slash);
                if (segment.isEmpty()) {
                    throw rendered(attribute, source, table, "'" + rendered + "'", "it has an empty segment");
                }
                segments.add(segment);
                if (slash < 0) {
                    break;
                }
                start = slash + 1;
            }
            AssetKey result = new AssetKey(segments);
            Optional<String> problem = TranslatorOutputRules.keyProblem(result);
            if (problem.isPresent()) {
                throw rendered(attribute, source, table, "'" + rendered + "'", problem.get());
            }
            return result;
        }

        @Override
        public SpecExtras specExtras(Source source, Table table) {
            SpecExtras base = delegate.specExtras(source, table);
            if (description.isEmpty() && codeVersion.isEmpty() && owners.isEmpty() && kinds.isEmpty()) {
                return base;
            }
            Map<String, String> vars = variables(source, table);
            List<String> renderedOwners = owners.isEmpty() ? base.owners() : owners.stream().map(t -> t.render(vars)).toList();
            for (String owner : renderedOwners) {
                if (!validOwner(owner)) {
                    throw rendered("owners", source, table, "'" + owner + "'", "an owner is an email address or team:<name>");
                }
            }
            Optional<List<String>> renderedKinds = base.kinds();
            if (!kinds.isEmpty()) {
                List<String> k = kinds.stream().map(t -> t.render(vars)).toList();
                if (k.stream().anyMatch(String::isBlank)) {
                    throw rendered("kinds", source, table, k.toString(), "a kind is empty");
                }
                renderedKinds = Optional.of(k);
            }
            return new SpecExtras(renderedKinds, description.map(t -> t.render(vars)).or(base::description), renderedOwners,
                    codeVersion.map(t -> t.render(vars)).or(base::codeVersion));
        }

        @Override
        public String partitionKey(Source source, String tenantComponent) {
            return delegate.partitionKey(source, tenantComponent);
        }

        @Override
        public String groupName(Source source) {
            if (group.isEmpty()) {
                return delegate.groupName(source);
            }
            String rendered = group.get().render(variables(source, null));
            Optional<String> problem = TranslatorOutputRules.groupProblem(rendered);
            if (problem.isPresent()) {
                throw new RockyException(ErrorCode.TRANSLATOR_OUTPUT, "defs.yaml translation.group rendered an invalid group "
                        + "for source " + source.id() + ": " + problem.get() + "; change the template");
            }
            return rendered;
        }

        @Override
        public Map<String, String> tags(Source source, Table table) {
            Map<String, String> base = delegate.tags(source, table);
            if (tags.isEmpty()) {
                return base;
            }
            Map<String, String> merged = new LinkedHashMap<>(base);
            merged.putAll(render(tags, source, table));
            Optional<String> problem = TranslatorOutputRules.tagsProblem(merged);
            if (problem.isPresent()) {
                throw rendered("tags", source, table, merged.toString(), problem.get());
            }
            return merged;
        }

        @Override
        public Map<String, MetadataValue> metadata(Source source, Table table) {
            Map<String, MetadataValue> base = delegate.metadata(source, table);
            if (metadata.isEmpty()) {
                return base;
            }
            Map<String, MetadataValue> merged = new LinkedHashMap<>(base);
            render(metadata, source, table).forEach((name, text) -> merged.put(name, MetadataValue.text(text)));
            return merged;
        }

        private Map<String, String> render(Map<String, Template> templates, Source source, Table table) {
            Map<String, String> vars = variables(source, table);
            Map<String, String> out = new LinkedHashMap<>(templates.size() * 2);
            templates.forEach((name, template) -> out.put(name, template.render(vars)));
            return out;
        }

        @Override
        public List<AssetKey> assetDeps(Source source, Table table) {
            if (deps.isEmpty()) {
                return delegate.assetDeps(source, table);
            }
            Map<String, String> vars = variables(source, table);
            List<AssetKey> out = new ArrayList<>(deps.size());
            for (Template t : deps) {
                AssetKey dep = renderKey("deps", t, vars, source, table);
                if (!out.contains(dep)) {
                    out.add(dep);
                }
            }
            return out;
        }

        @Override
        public AssetKey modelAssetKey(ModelDetail model) {
            return delegate.modelAssetKey(model);
        }

        @Override
        public String modelGroupName(ModelDetail model) {
            return delegate.modelGroupName(model);
        }

        @Override
        public Map<String, String> modelTags(ModelDetail model) {
            return delegate.modelTags(model);
        }

        @Override
        public Map<String, MetadataValue> modelMetadata(ModelDetail model) {
            return delegate.modelMetadata(model);
        }

        @Override
        public AssetKey dagNodeAssetKey(DagNode node) {
            return delegate.dagNodeAssetKey(node);
        }

        @Override
        public String dagGroupName(DagNode node) {
            return delegate.dagGroupName(node);
        }

        private Map<String, String> variables(Source source, Table table) {
            Map<String, String> vars = new LinkedHashMap<>(8);
            vars.put("source_id", source.id());
            vars.put("source_type", source.sourceType());
            if (needsGroup) {
                vars.put("group_name", delegate.groupName(source));
            }
            if (table != null) {
                vars.put("table_name", table.name());
                vars.put("row_count", table.rowCount().isPresent() ? Long.toString(table.rowCount().getAsLong()) : "");
            }
            return vars;
        }

        private RockyException rendered(String attribute, Source source, Table table, String value, String problem) {
            return new RockyException(ErrorCode.TRANSLATOR_OUTPUT, "defs.yaml translation." + attribute + " rendered an invalid "
                    + attribute + " for table " + table.name() + " of source " + source.id() + ": " + value + " — " + problem
                    + "; change the template");
        }
    }

    /** @return whether Dagster takes it as an owner: an email address, or {@code team:} and a name */
    static boolean validOwner(String owner) {
        if (owner.startsWith("team:")) {
            return owner.length() > "team:".length() && owner.substring(5).chars().allMatch(c -> Character.isLetterOrDigit(c)
                    || c == '_' || c == '-' || c == '.' || c == ' ');
        }
        int at = owner.indexOf('@');
        return at > 0 && at == owner.lastIndexOf('@') && owner.indexOf('.', at) > at + 1 && !owner.endsWith(".")
                && owner.chars().noneMatch(Character::isWhitespace);
    }

    /** A parsed template: literal text and variable references, rendered without regexes. */
    static final class Template {
        private final List<String> literals;
        private final List<String> variables;

        private Template(List<String> literals, List<String> variables) {
            this.literals = literals;
            this.variables = variables;
        }

        static Template parse(String where, String text, List<String> allowed) {
            List<String> literals = new ArrayList<>();
            List<String> variables = new ArrayList<>();
            if (text.contains("{%") || text.contains("{#")) {
                throw new IllegalArgumentException(where + ": Jinja statements and comments ({% … %}, {# … #}) are not supported"
                        + " in '" + text + "'; use {{ variable }} placeholders");
            }
            int from = 0;
            while (true) {
                int open = text.indexOf("{{", from);
                if (open < 0) {
                    literals.add(text.substring(from));
                    break;
                }
                int close = text.indexOf("}}", open + 2);
                if (close < 0) {
                    throw new IllegalArgumentException(where + ": '{{' at character " + (open + 1) + " of '" + text
                            + "' is never closed with '}}'");
                }
                String name = text.substring(open + 2, close).strip();
                if (name.contains("|")) {
                    throw new IllegalArgumentException(where + ": filters are not supported ('{{ " + name + " }}'); name a "
                            + "variable only: " + String.join(", ", allowed));
                }
                if (!allowed.contains(name)) {
                    String hint = VARIABLES.contains(name)
                            ? "; a group belongs to a source, so only " + String.join(", ", allowed) + " can be used"
                            : "; known variables: " + String.join(", ", allowed);
                    throw new IllegalArgumentException(where + ": unknown variable '" + name + "' in '" + text + "'" + hint);
                }
                literals.add(text.substring(from, open));
                variables.add(name);
                from = close + 2;
            }
            return new Template(List.copyOf(literals), List.copyOf(variables));
        }

        boolean usesGroup() {
            return variables.contains("group_name");
        }

        String render(Map<String, String> values) {
            StringBuilder out = new StringBuilder(32);
            for (int i = 0; i < variables.size(); i++) {
                out.append(literals.get(i)).append(values.getOrDefault(variables.get(i), ""));
            }
            return out.append(literals.get(variables.size())).toString();
        }
    }
}
