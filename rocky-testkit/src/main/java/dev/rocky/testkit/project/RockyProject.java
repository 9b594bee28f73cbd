package dev.rocky.testkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.EnvSubstitution;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Rocky project directory as the fake reads it: {@code rocky.toml} (adapters, pipelines,
 * {@code [mask]}, {@code [classifications]}, {@code [freshness]}), the models under a models
 * directory ({@code *.sql} / {@code *.rocky} with {@code <stem>.toml} sidecars and the nearest
 * {@code _defaults.toml}), {@code contracts/*.contract.toml}, and the schemas and tables that
 * {@code data/*.sql} creates. Nothing is executed and no warehouse is touched.
 *
 * <p>Immutable once loaded; {@link #models(String)} caches per models directory. Thread-safe.
 */
public final class RockyProject {

    private static final TomlMapper TOML = new TomlMapper();
    private static final Pattern CREATE_SCHEMA = Pattern.compile(
            "(?i)\\bcreate\\s+schema\\s+(?:if\\s+not\\s+exists\\s+)?([A-Za-z_][\\w$]*)");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)\\bcreate\\s+(?:or\\s+replace\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?([A-Za-z_][\\w$]*)\\.([A-Za-z_][\\w$]*)\\s*(\\(|as\\b)?");

    private final Path dir;
    private final Path configFile;
    private final JsonNode config;
    private final Map<String, String> adapterTypes;
    private final List<Pipeline> pipelines;
    private final Map<String, List<SeedTable>> seedTables;
    private final Map<String, ModelSet> modelSets = new ConcurrentHashMap<>();
    private final Map<String, String> environment;

    private RockyProject(Path dir, Path configFile, JsonNode config, Map<String, String> adapterTypes, List<Pipeline> pipelines,
            Map<String, List<SeedTable>> seedTables, Map<String, String> environment) {
        this.environment = environment;
        this.dir = dir;
        this.configFile = configFile;
        this.config = config;
        this.adapterTypes = adapterTypes;
        this.pipelines = pipelines;
        this.seedTables = seedTables;
    }

    /**
     * Loads a project whose config is {@code <dir>/rocky.toml}.
     *
     * @param dir the project directory
     * @return the project
     * @throws ProjectException when {@code rocky.toml} is missing or unreadable
     */
    public static RockyProject load(Path dir) {
        return load(dir, "rocky.toml");
    }

    /**
     * Loads a project.
     *
     * @param dir the project directory
     * @param config the config file, relative to {@code dir} (what {@code rocky --config} names)
     * @return the project
     * @throws ProjectException when the config is missing or unreadable
     */
    public static RockyProject load(Path dir, String config) {
        return load(dir, config, System.getenv());
    }

    /**
     * Loads a project, substituting {@code ${VAR}} and {@code ${VAR:-default}} in its config as the
     * engine does ({@link EnvSubstitution}).
     *
     * @param dir the project directory
     * @param config the config file, relative to {@code dir}
     * @param environment the variables the config's placeholders read
     * @return the project
     * @throws ProjectException when the config is missing or unreadable, or names an unset variable
     *     without a default (the engine's message, caused by a {@link ConfigException})
     */
    public static RockyProject load(Path dir, String config, Map<String, String> environment) {
        Path abs = dir.toAbsolutePath().normalize();
        Path file = abs.resolve(config);
        JsonNode root = readToml(file, environment);
        Map<String, String> adapters = new LinkedHashMap<>();
        JsonNode adapter = root.path("adapter");
        if (adapter.has("type") && adapter.get("type").isTextual()) {
            adapters.put("default", adapter.get("type").asText());
        } else {
            adapter.fields().forEachRemaining(e -> adapters.put(e.getKey(), e.getValue().path("type").asText("")));
        }
        List<Pipeline> pipelines = new ArrayList<>();
        root.path("pipeline").fields().forEachRemaining(e -> pipelines.add(Pipeline.of(e.getKey(), e.getValue(), adapters, file)));
        return new RockyProject(abs, file, root, Map.copyOf(adapters), List.copyOf(pipelines), readSeeds(abs.resolve("data")),
                Map.copyOf(environment));
    }

    /** @return the project directory, absolute */
    public Path dir() {
        return dir;
    }

    /** @return the config file, absolute */
    public Path configFile() {
        return configFile;
    }

    /** @return the parsed config tree ({@code rocky.toml}) */
    public JsonNode config() {
        return config;
    }

    /** @return {@code [state] backend}, lower-cased; {@code local} when unset (the engine's default) */
    public String stateBackend() {
        return config.path("state").path("backend").asText("local").strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return adapter name to adapter type ({@code default} for a single {@code [adapter]} table) */
    public Map<String, String> adapterTypes() {
        return adapterTypes;
    }

    /** @return the pipelines, in declaration order */
    public List<Pipeline> pipelines() {
        return pipelines;
    }

    /** @return schema name to the tables {@code data/*.sql} creates in it, schemas and tables in file order */
    public Map<String, List<SeedTable>> seedTables() {
        return seedTables;
    }

    /**
     * The models under a models directory, resolved into a graph.
     *
     * @param modelsDir relative to the project directory (what {@code --models} names), e.g. {@code models}
     * @return the models; empty when the directory does not exist
     * @throws ProjectException when a sidecar cannot be read
     */
    public ModelSet models(String modelsDir) {
        return modelSets.computeIfAbsent(modelsDir, d -> ModelSet.load(this, d));
    }

    /**
     * The replication pipeline a command works on, like {@code rocky --pipeline}.
     *
     * @param name the {@code --pipeline} value, when given
     * @return the pipeline
     * @throws ProjectException when the name is unknown, or when none is named and the project has
     *     no replication pipeline or more than one
     */
    public Pipeline replicationPipeline(Optional<String> name) {
        List<Pipeline> replication = pipelines.stream().filter(Pipeline::isReplication).toList();
        if (name.isPresent()) {
            return replication.stream().filter(p -> p.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new ProjectException("pipeline '" + name.get() + "' is not a replication pipeline in "
                            + configFile.getFileName()));
        }
        if (replication.size() == 1) {
            return replication.get(0);
        }
        if (replication.isEmpty()) {
            throw new ProjectException("no replication pipeline in " + configFile.getFileName());
        }
        throw new ProjectException("multiple replication pipelines in " + configFile.getFileName() + " ("
                + String.join(", ", replication.stream().map(Pipeline::name).toList()) + "); pass --pipeline <name>");
    }

    /**
     * The pipeline {@code rocky discover} works on, resolved as the engine's
     * {@code resolve_replication_pipeline} (rocky-cli {@code registry.rs}): the named one, or the
     * only one; it must be a replication pipeline.
     *
     * @param name the {@code --pipeline} value, when given
     * @return the pipeline
     * @throws ProjectException with the engine's message: {@code pipeline 'x' not found in config};
     *     {@code no pipelines defined in config}; {@code multiple pipelines defined (a, b). Use
     *     --pipeline <name> to select one.}; {@code pipeline 'x' is type 'transformation', but this
     *     command only supports replication pipelines}
     */
    public Pipeline commandPipeline(Optional<String> name) {
        Pipeline chosen = resolvePipeline(name);
        if (!chosen.isReplication()) {
            throw new ProjectException("pipeline '" + chosen.name() + "' is type '" + chosen.type()
                    + "', but this command only supports replication pipelines");
        }
        return chosen;
    }

    /**
     * The pipeline a command works on, of any type, as rocky-cli registry.rs
     * {@code resolve_pipeline} chooses it (what {@code rocky run} does when it is not given
     * {@code --model}): the one {@code --pipeline} names, else the only one.
     *
     * @param name the {@code --pipeline} value, when given
     * @return the pipeline
     * @throws ProjectException with the engine's message: {@code pipeline 'x' not found in config};
     *     {@code no pipelines defined in config}; {@code multiple pipelines defined (a, b). Use
     *     --pipeline <name> to select one.}
     */
    public Pipeline resolvePipeline(Optional<String> name) {
        Pipeline chosen;
        if (name.isPresent()) {
            chosen = pipelines.stream().filter(p -> p.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new ProjectException("pipeline '" + name.get() + "' not found in config"));
        } else if (pipelines.size() == 1) {
            chosen = pipelines.get(0);
        } else if (pipelines.isEmpty()) {
            throw new ProjectException("no pipelines defined in config");
        } else {
            throw new ProjectException("multiple pipelines defined (" + String.join(", ", pipelines.stream().map(Pipeline::name)
                    .toList()) + "). Use --pipeline <name> to select one.");
        }
        return chosen;
    }

    /** @return the {@code [mask]} block: env ({@code default} for the unscoped table) to tag to strategy */
    public Map<String, Map<String, String>> masks() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        out.put("default", defaults);
        config.path("mask").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                Map<String, String> env = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(t -> env.put(t.getKey(), t.getValue().asText()));
                out.put(e.getKey(), env);
            } else {
                defaults.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    /** @return the tags on {@code [classifications] allow_unmasked} */
    public List<String> allowUnmasked() {
        List<String> out = new ArrayList<>();
        config.path("classifications").path("allow_unmasked").forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Reads a {@code [freshness]} table into its wire shape.
     *
     * @param f the table ({@code max_lag_seconds} or its alias {@code expected_lag_seconds},
     *     optional {@code time_column} and {@code severity})
     * @return {@code {max_lag_seconds, time_column?, severity?}}; empty when no lag is declared
     */
    static Optional<ObjectNode> freshnessOf(JsonNode f) {
        if (!f.isObject()) {
            return Optional.empty();
        }
        JsonNode lag = f.has("max_lag_seconds") ? f.get("max_lag_seconds") : f.get("expected_lag_seconds");
        if (lag == null || !lag.canConvertToLong()) {
            return Optional.empty();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("max_lag_seconds", lag.asLong());
        if (f.hasNonNull("time_column")) {
            out.put("time_column", f.get("time_column").asText());
        }
        if (f.hasNonNull("severity")) {
            out.put("severity", f.get("severity").asText());
        }
        return Optional.of(out);
    }

    static JsonNode readToml(Path file) {
        return readToml(file, Map.of());
    }

    /**
     * Reads a TOML file after the engine's environment substitution; an unset variable without a
     * default is the engine's {@code failed to substitute env vars in '<path>': …} (model files).
     */
    private JsonNode readModelToml(Path file) {
        return readToml(file, environment, true);
    }

    private static JsonNode readToml(Path file, Map<String, String> environment) {
        return readToml(file, environment, false);
    }

    private static JsonNode readToml(Path file, Map<String, String> environment, boolean modelFile) {
        if (!Files.isRegularFile(file)) {
            throw new ProjectException("no " + file.getFileName() + " in " + file.getParent()
                    + "; point the fake at a Rocky project directory");
        }
        try {
            String text = Files.readString(file);
            if (text.contains("${")) {
                try {
                    // The engine's own messages: ConfigError::MissingEnvVar for rocky.toml, ModelError::EnvSubstitution for model files.
                    text = (modelFile ? EnvSubstitution.substituteModelFile(text, environment, file.toString())
                            : EnvSubstitution.substitute(text, environment, EnvSubstitution::missingMessage)).text();
                } catch (ConfigException e) {
                    throw new ProjectException(e.getMessage(), e);
                }
            }
            JsonNode node = TOML.readTree(text);
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException e) {
            throw new ProjectException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse("") + "; fix the TOML", e);
        }
    }

    private static Map<String, List<SeedTable>> readSeeds(Path dataDir) {
        Map<String, List<SeedTable>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dataDir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dataDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new ProjectException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            String sql = ModelQuery.stripComments(read(f));
            // Schemas and tables in the order the file creates them.
            Matcher schema = CREATE_SCHEMA.matcher(sql);
            Matcher table = CREATE_TABLE.matcher(sql);
            int pos = 0;
            while (true) {
                boolean s = schema.find(pos);
                int sAt = s ? schema.start() : Integer.MAX_VALUE;
                boolean t = table.find(pos);
                int tAt = t ? table.start() : Integer.MAX_VALUE;
                if (!s && !t) {
                    break;
                }
                if (sAt < tAt) {
                    out.computeIfAbsent(schema.group(1), k -> new ArrayList<>());
                    pos = schema.end();
                } else {
                    List<String> columns = "(".equals(table.group(3)) ? columnList(sql, table.end()) : List.of();
                    List<SeedTable> tables = out.computeIfAbsent(table.group(1), k -> new ArrayList<>());
                    String name = table.group(2);
                    tables.removeIf(x -> x.name().equals(name));
                    tables.add(new SeedTable(table.group(1), name, columns));
                    pos = table.end();
                }
            }
        }
        return out;
    }

    private static List<String> columnList(String sql, int afterParen) {
        int d = 1;
        int i = afterParen;
        while (i < sql.length() && d > 0) {
            char c = sql.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                d--;
            }
            i++;
        }
        List<String> out = new ArrayList<>();
        for (String part : ModelQuery.splitTopLevel(sql.substring(afterParen, Math.max(afterParen, i - 1)), ',')) {
            String p = part.strip();
            int space = p.indexOf(' ');
            String name = space < 0 ? p : p.substring(0, space);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !lower.equals("primary") && !lower.equals("constraint") && !lower.equals("unique")
                    && !lower.equals("foreign")) {
                out.add(name);
            }
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProjectException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A table {@code data/*.sql} creates.
     *
     * @param schema its schema
     * @param name its name
     * @param columns its columns when the statement lists them ({@code CREATE TABLE t (a INT, …)}), else empty
     */
    public record SeedTable(String schema, String name, List<String> columns) {

        /** Copies the list. */
        public SeedTable {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One {@code [pipeline.<name>]} table of {@code rocky.toml}.
     *
     * @param name the pipeline name
     * @param type {@code replication} (the default), {@code transformation}, {@code quality}, {@code snapshot}, …
     * @param node the pipeline's TOML tree
     * @param sourceType the discovery adapter's type, or the default adapter's type, or empty
     */
    public record Pipeline(String name, String type, JsonNode node, String sourceType) {

        /** Rejects {@code null} parts. */
        public Pipeline {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
            Objects.requireNonNull(node, "node is null");
            Objects.requireNonNull(sourceType, "sourceType is null");
        }

        static Pipeline of(String name, JsonNode node, Map<String, String> adapters, Path file) {
            String type = node.path("type").asText("replication");
            String adapterName = node.path("source").path("discovery").path("adapter").asText(
                    node.path("source").path("adapter").asText("default"));
            String sourceType = adapters.getOrDefault(adapterName, adapters.values().stream().findFirst().orElse(""));
            return new Pipeline(name, type, node, sourceType);
        }

        /** @return whether this is a replication pipeline */
        public boolean isReplication() {
            return type.equals("replication");
        }

        /** @return whether {@code [pipeline.x.source.discovery]} is declared */
        public boolean hasDiscovery() {
            return node.path("source").has("discovery");
        }

        /** @return {@code schema_pattern.prefix}, e.g. {@code raw__} */
        public String prefix() {
            return node.path("source").path("schema_pattern").path("prefix").asText("");
        }

        /** @return {@code schema_pattern.separator}, e.g. {@code __} */
        public String separator() {
            return node.path("source").path("schema_pattern").path("separator").asText("__");
        }

        /** @return {@code schema_pattern.components}, e.g. {@code [source]} or {@code [tenant, regions...]} */
        public List<String> components() {
            List<String> out = new ArrayList<>();
            node.path("source").path("schema_pattern").path("components").forEach(c -> out.add(c.asText()));
            return out;
        }

        /** @return the replication strategy ({@code full_refresh} when absent) */
        public String strategy() {
            return node.path("strategy").asText("full_refresh");
        }

        /** @return the pipelines this one depends on */
        public List<String> dependsOn() {
            List<String> out = new ArrayList<>();
            node.path("depends_on").forEach(c -> out.add(c.asText()));
            return out;
        }

        /** @return {@code execution.concurrency}, when configured */
        public Optional<Integer> concurrency() {
            JsonNode c = node.path("execution").path("concurrency");
            return c.isNumber() ? Optional.of(c.asInt()) : Optional.empty();
        }

        /** @return whether {@code target.governance.auto_create_schemas} is set */
        public boolean autoCreateSchemas() {
            return node.path("target").path("governance").path("auto_create_schemas").asBoolean(false);
        }

        /**
         * Parses a source schema against the schema pattern.
         *
         * @param schema e.g. {@code raw__orders}
         * @return component name to value (a string, or a list for a {@code name...} component);
         *     empty when the schema does not match
         */
        public Optional<Map<String, Object>> parseSchema(String schema) {
            String prefix = prefix();
            if (!schema.startsWith(prefix) || schema.length() == prefix.length()) {
                return Optional.empty();
            }
            String[] parts = schema.substring(prefix.length()).split(Pattern.quote(separator()), -1);
            List<String> components = components();
            Map<String, Object> out = new LinkedHashMap<>();
            int i = 0;
            for (int c = 0; c < components.size(); c++) {
                String comp = components.get(c);
                if (comp.endsWith("...")) {
                    int rest = components.size() - c - 1;
                    int take = parts.length - i - rest;
                    if (take < 1) {
                        return Optional.empty();
                    }
                    out.put(comp.substring(0, comp.length() - 3), List.of(java.util.Arrays.copyOfRange(parts, i, i + take)));
                    i += take;
                } else {
                    if (i >= parts.length || parts[i].isEmpty()) {
                        return Optional.empty();
                    }
                    out.put(comp, parts[i++]);
                }
            }
            return i == parts.length ? Optional.of(out) : Optional.empty();
        }

        /**
         * Fills {@code target.catalog_template} / {@code schema_template} for a source.
         *
         * @param template the template text, e.g. {@code staging__{source}}
         * @param components the source's components
         * @return the filled text; list components joined with the separator
         */
        public String fill(String template, Map<String, Object> components) {
            String out = template;
            for (Map.Entry<String, Object> e : components.entrySet()) {
                Object v = e.getValue();
                String value = v instanceof List<?> l ? String.join(separator(), l.stream().map(Object::toString).toList()) : v.toString();
                out = out.replace("{" + e.getKey() + "}", value);
            }
            return out;
        }
    }

    /**
     * A model: its sidecar merged over the nearest {@code _defaults.toml}, and its query.
     *
     * @param name the model name (sidecar {@code name}, else the file stem)
     * @param file the model file, relative to the project directory with {@code /} separators
     * @param language {@code sql} or {@code rocky}
     * @param sidecar the merged sidecar tree
     * @param query what the fake reads from the query
     */
    public record Model(String name, String file, String language, ObjectNode sidecar, ModelQuery query) {

        /** Rejects {@code null} parts. */
        public Model {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(file, "file is null");
            Objects.requireNonNull(sidecar, "sidecar is null");
            Objects.requireNonNull(query, "query is null");
        }

        /** @return the {@code [strategy]} table with the engine's defaults filled in, wire shape */
        public ObjectNode strategy() {
            ObjectNode s = sidecar.path("strategy").isObject() ? ((ObjectNode) sidecar.get("strategy")).deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            String type = s.path("type").asText("full_refresh");
            ObjectNode out = JsonNodeFactory.instance.objectNode().put("type", type);
            switch (type) {
                case "time_interval", "microbatch" -> {
                    out.put("time_column", s.path("time_column").asText(s.path("timestamp_column").asText("")));
                    out.put("granularity", s.path("granularity").asText(type.equals("microbatch") ? "hour" : "day"));
                    out.put("lookback", s.path("lookback").asInt(0));
                    out.put("batch_size", s.path("batch_size").asInt(1));
                    if (s.hasNonNull("first_partition")) {
                        out.put("first_partition", s.get("first_partition").asText());
                    } else {
                        out.putNull("first_partition");
                    }
                    if (type.equals("microbatch")) {
                        out.put("type", "time_interval");
                    }
                }
                case "merge" -> {
                    out.set("unique_key", s.path("unique_key").isArray() ? s.get("unique_key") : JsonNodeFactory.instance.arrayNode());
                    out.set("update_columns", s.path("update_columns").isArray() ? s.get("update_columns") : JsonNodeFactory.instance.nullNode());
                }
                case "full_refresh", "ephemeral" -> {
                    // no parameters
                }
                default -> s.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
            }
            return out;
        }

        /** @return the strategy type, e.g. {@code full_refresh} */
        public String strategyType() {
            return sidecar.path("strategy").path("type").asText("full_refresh");
        }

        /** @return the target: {@code catalog} and {@code schema} from the sidecar or defaults ({@code ""} when neither says), {@code table} defaulting to the name */
        public ObjectNode target() {
            JsonNode t = sidecar.path("target");
            return JsonNodeFactory.instance.objectNode()
                    .put("catalog", t.path("catalog").asText(""))
                    .put("schema", t.path("schema").asText(""))
                    .put("table", t.path("table").asText(name));
        }

        /** @return {@code depends_on} as the sidecar declares it */
        public List<String> declaredDependsOn() {
            List<String> out = new ArrayList<>();
            sidecar.path("depends_on").forEach(n -> out.add(n.asText()));
            return out;
        }

        /** @return {@code [freshness]} in wire shape ({@code max_lag_seconds}, alias {@code expected_lag_seconds}) */
        public Optional<ObjectNode> freshness() {
            return freshnessOf(sidecar.path("freshness"));
        }

        /** @return {@code [tags]} as key to value */
        public Map<String, String> tags() {
            Map<String, String> out = new LinkedHashMap<>();
            sidecar.path("tags").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }

        /** @return {@code [classification]} as column to tag, in file order */
        public Map<String, String> classification() {
            Map<String, String> out = new LinkedHashMap<>();
            sidecar.path("classification").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }

        /** @return {@code retention} in days: {@code "30d"} is 30, {@code "1y"} is 365; empty when absent */
        public Optional<Long> retentionDays() {
            JsonNode r = sidecar.path("retention");
            if (!r.isTextual()) {
                return Optional.empty();
            }
            Matcher m = Pattern.compile("^(\\d+)([dy])$").matcher(r.asText().strip());
            if (!m.matches()) {
                throw new ProjectException("model '" + name + "': retention = \"" + r.asText()
                        + "\" is not <N>d or <N>y (e.g. \"30d\", \"1y\")");
            }
            long n = Long.parseLong(m.group(1));
            return Optional.of(m.group(2).equals("y") ? n * 365 : n);
        }
    }

    /**
     * The models of one models directory, with dependencies, output columns and layers resolved.
     *
     * @param modelsDir the directory, relative to the project
     * @param models the models: {@code .sql} files in path order, then {@code .rocky} files in path order
     *     (the engine's own order)
     * @param dependsOn model name to the models it reads, declared or referenced
     * @param columns model name to its output columns
     * @param layers execution layers, each sorted by name
     * @param dependents model name to the models that read it, in model order
     */
    public record ModelSet(String modelsDir, List<Model> models, Map<String, List<String>> dependsOn,
            Map<String, List<OutputColumn>> columns, List<List<String>> layers, Map<String, List<String>> dependents) {


        /** Copies the collections. */
        public ModelSet {
            models = List.copyOf(models);
            dependsOn = Map.copyOf(dependsOn);
            columns = Map.copyOf(columns);
            layers = List.copyOf(layers);
            dependents = Map.copyOf(dependents);
        }

        /**
         * @param name a model name
         * @return the model
         */
        public Optional<Model> model(String name) {
            for (Model m : models) {
                if (m.name().equals(name)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /**
         * @param name a model name
         * @return the model
         * @throws ProjectException naming the models directory and the models it holds, when there is no such model
         */
        public Model require(String name) {
            return model(name).orElseThrow(() -> {
                List<String> names = models.stream().map(Model::name).toList();
                String shown = names.size() > 10 ? String.join(", ", names.subList(0, 10)) + ", … (" + names.size() + " in all)"
                        : String.join(", ", names);
                return new ProjectException("model '" + name + "' not found under " + modelsDir + "/ (models: " + shown
                        + "); name one of them");
            });
        }

        /**
         * @param name a model name
         * @return the models that read it, in model order
         */
        public List<String> downstream(String name) {
            return dependents.getOrDefault(name, List.of());
        }

        static ModelSet load(RockyProject project, String modelsDir) {
            Path root = project.dir.resolve(modelsDir).normalize();
            List<Model> models = new ArrayList<>();
            if (Files.isDirectory(root)) {
                List<Path> files;
                // As the engine's dag/compile (load_all_models): the models directory and its immediate subdirectories.
                try (Stream<Path> s = Files.walk(root, 2)) {
                    files = s.filter(Files::isRegularFile).filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".sql") || n.endsWith(".rocky");
                    }).sorted(Comparator.comparing((Path p) -> p.getFileName().toString().endsWith(".rocky"))
                            .thenComparing(p -> root.relativize(p).toString())).toList();
                } catch (IOException e) {
                    throw new ProjectException("cannot list " + root + ": " + e.getMessage(), e);
                }
                for (Path f : files) {
                    models.add(readModel(project, root, f));
                }
            }
            Map<String, Model> byName = new LinkedHashMap<>();
            for (Model m : models) {
                if (byName.put(m.name(), m) != null) {
                    throw new ProjectException("two models are named '" + m.name() + "' under " + root + "; rename one");
                }
            }
            Map<String, List<String>> deps = new LinkedHashMap<>();
            for (Model m : models) {
                List<String> d = new ArrayList<>(m.declaredDependsOn());
                for (String rel : m.query().relations()) {
                    resolve(rel, byName).filter(n -> !n.equals(m.name()) && !d.contains(n)).ifPresent(d::add);
                }
                deps.put(m.name(), List.copyOf(d));
            }
            List<List<String>> layers = layers(models, deps);
            Map<String, List<OutputColumn>> columns = new LinkedHashMap<>();
            for (List<String> layer : layers) {
                for (String name : layer) {
                    columns.put(name, outputColumns(byName.get(name), byName, columns, project.seedTables));
                }
            }
            Map<String, List<String>> dependents = new LinkedHashMap<>();
            for (Model m : models) {
                for (String d : deps.get(m.name())) {
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(m.name());
                }
            }
            return new ModelSet(modelsDir, models, deps, columns, layers, dependents);
        }

        /**
         * A model as the engine's {@code resolve_model_config} resolves it: the sidecar over its own
         * directory's {@code _defaults.toml}, which supplies only {@code target.catalog},
         * {@code target.schema}, {@code strategy}, {@code intent} and {@code freshness}; both files
         * environment-substituted; a model left without a target catalog or schema is refused.
         */
        private static Model readModel(RockyProject project, Path root, Path file) {
            String fileName = file.getFileName().toString();
            boolean rocky = fileName.endsWith(".rocky");
            String stem = fileName.substring(0, fileName.lastIndexOf('.'));
            ObjectNode merged = JsonNodeFactory.instance.objectNode();
            Path defaults = file.getParent().resolve("_defaults.toml");
            if (Files.isRegularFile(defaults)) {
                merge(merged, inheritable(project.readModelToml(defaults)));
            }
            Path sidecar = file.resolveSibling(stem + ".toml");
            if (Files.isRegularFile(sidecar)) {
                JsonNode own = project.readModelToml(sidecar);
                for (String whole : List.of("strategy", "intent", "freshness")) {
                    if (own.has(whole)) {
                        merged.remove(whole); // the sidecar's value replaces the default's, field by field only for target
                    }
                }
                merge(merged, own);
            }
            String name = merged.path("name").asText(stem);
            if (!rocky && Files.isRegularFile(sidecar)) {
                for (String field : List.of("catalog", "schema")) {
                    if (!merged.path("target").path(field).isTextual()) {
                        throw new ProjectException("model '" + name + "' is missing target." + field
                                + " (set it in the sidecar or in _defaults.toml)");
                    }
                }
            }
            String text = read(file);
            ModelQuery query = rocky ? ModelQuery.parseRocky(text) : ModelQuery.parseSql(text);
            String relative = project.dir.relativize(file).toString().replace('\\', '/');
            return new Model(name, relative, rocky ? "rocky" : "sql", merged, query);
        }

        /** The fields a {@code _defaults.toml} passes on (engine {@code DirDefaults}); a per-model field is refused. */
        private static ObjectNode inheritable(JsonNode defaults) {
            for (String field : List.of("name", "depends_on", "sources")) {
                if (defaults.has(field)) {
                    throw new ProjectException("_defaults.toml must not declare per-model field '" + field + "'");
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            JsonNode target = defaults.path("target");
            if (target.isObject()) {
                ObjectNode t = out.putObject("target");
                for (String field : List.of("catalog", "schema")) {
                    if (target.has(field)) {
                        t.set(field, target.get(field).deepCopy());
                    }
                }
            }
            for (String field : List.of("strategy", "intent", "freshness")) {
                if (defaults.has(field)) {
                    out.set(field, defaults.get(field).deepCopy());
                }
            }
            return out;
        }

        private static void merge(ObjectNode into, JsonNode from) {
            Iterator<Map.Entry<String, JsonNode>> it = from.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode existing = into.get(e.getKey());
                if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                    merge(o, e.getValue());
                } else {
                    into.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }

        static Optional<String> resolve(String relation, Map<String, Model> byName) {
            if (byName.containsKey(relation)) {
                return Optional.of(relation);
            }
            int dot = relation.lastIndexOf('.');
            if (dot > 0) {
                String table = relation.substring(dot + 1);
                String qualifier = relation.substring(0, dot);
                String schema = qualifier.substring(qualifier.lastIndexOf('.') + 1);
                Model m = byName.get(table);
                if (m != null && m.target().path("schema").asText().equals(schema)) {
                    return Optional.of(table);
                }
            }
            return Optional.empty();
        }

        private static List<List<String>> layers(List<Model> models, Map<String, List<String>> deps) {
            List<String> names = models.stream().map(Model::name).toList();
            return Layers.of(names, deps, "models form a dependency cycle: %s; remove one depends_on or reference");
        }

        private static List<OutputColumn> outputColumns(Model m, Map<String, Model> byName, Map<String, List<OutputColumn>> done,
                Map<String, List<SeedTable>> seeds) {
            List<OutputColumn> out = new ArrayList<>();
            List<String> relations = m.query().relations();
            String first = relations.isEmpty() ? null : relations.get(0);
            String firstNode = first == null ? null : resolve(first, byName).orElse(first);
            if (m.query().star() && first != null) {
                for (String c : upstreamColumns(firstNode, done, seeds)) {
                    out.add(new OutputColumn(c, Optional.of("direct"), List.of(new ColumnRef(firstNode, c)), true));
                }
            }
            for (ModelQuery.Item item : m.query().items()) {
                List<ColumnRef> refs = new ArrayList<>();
                if (item.transform().isPresent() && firstNode != null) {
                    for (String c : item.sourceColumns()) {
                        refs.add(new ColumnRef(firstNode, c));
                    }
                }
                out.removeIf(c -> c.name().equals(item.name()));
                out.add(new OutputColumn(item.name(), item.transform(), refs, false));
            }
            return List.copyOf(out);
        }

        private static List<String> upstreamColumns(String node, Map<String, List<OutputColumn>> done, Map<String, List<SeedTable>> seeds) {
            List<OutputColumn> model = done.get(node);
            if (model != null) {
                return model.stream().map(OutputColumn::name).toList();
            }
            int dot = node.lastIndexOf('.');
            if (dot > 0) {
                String schema = node.substring(0, dot);
                schema = schema.substring(schema.lastIndexOf('.') + 1);
                String table = node.substring(dot + 1);
                for (SeedTable t : seeds.getOrDefault(schema, List.of())) {
                    if (t.name().equals(table)) {
                        return t.columns();
                    }
                }
            }
            return List.of();
        }
    }

    /**
     * A column in a model's output.
     *
     * @param name the column name
     * @param transform {@code direct} or {@code aggregation: <fn>}; empty when untraced
     * @param sources the upstream columns it is traced to: a model name or an external
     *     {@code schema.table}, and a column
     * @param fromStar whether it came in through {@code SELECT *}
     */
    public record OutputColumn(String name, Optional<String> transform, List<ColumnRef> sources, boolean fromStar) {

        /** Copies the list. */
        public OutputColumn {
            sources = List.copyOf(sources);
        }
    }

    /**
     * A column of a model or of an external table.
     *
     * @param node a model name, or an external relation as the query writes it ({@code seeds.orders})
     * @param column the column
     */
    public record ColumnRef(String node, String column) {
    }
}
