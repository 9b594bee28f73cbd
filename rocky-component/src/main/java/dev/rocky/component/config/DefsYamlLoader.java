package dev.rocky.component.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rocky.component.config.DefsStateConfig;
import dev.rocky.component.config.PushStateTo;
import dev.rocky.component.config.StateStorage;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.state.remote.S3Settings;
import dev.rocky.state.remote.ValkeySettings;
import dev.rocky.component.config.ManagementType;
import dev.rocky.component.config.TranslatorConfig;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.CliArgument;
import dev.rocky.process.RockyCliSettings;
import dev.rocky.translator.TranslationTemplates;
import dev.rocky.translator.TranslatorPlugins;
import dev.rocky.translator.TranslatorSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a component's {@code defs.yaml} in the reference's shape:
 * <pre>
 * type: dagster_rocky.RockyComponent     # or dev.rocky.RockyComponent
 * attributes:
 *   binary_path: rocky
 *   config_path: rocky.toml
 *   models_dir: models
 *   dag_mode: true
 *   defs_state:
 *     management_type: VERSIONED_STATE_STORAGE
 * </pre>
 * Every attribute of the reference's {@code RockyComponent} is accepted with its name and default
 * ({@link #ATTRIBUTES}), plus rocky-java's {@code fail_on_stale_state} and
 * {@code refresh_lock_wait_seconds}. A string value may hold {@code {{ env.NAME }}}, replaced by
 * the environment variable's value (a whole-value placeholder may also give a number or boolean).
 * An unknown attribute, a wrong type, a value outside the accepted ones, an unset environment
 * variable or a missing file is a {@link ConfigException} naming the attribute, the file and line,
 * and what is accepted. {@code post_state_write_hook} and the three resolver callables cannot be set
 * here: a non-null value is an error saying how to set them in code.
 *
 * <p>Thread-safe.
 */
public final class DefsYamlLoader {

    /** The component type names accepted in {@code type}. */
    public static final Set<String> TYPES = Set.of("dagster_rocky.RockyComponent", "dev.rocky.RockyComponent");

    /** The attributes this build accepts, in documentation order ({@link DefsAttributes#names()}). */
    public static final List<String> ATTRIBUTES = DefsAttributes.names();

    /** Attributes that hold code in the reference and can only be set in code here. */
    private static final Set<String> CODE_ONLY = Set.of("post_state_write_hook", "shadow_suffix_fn",
            "governance_override_fn", "idempotency_key_fn", "timeout_fn");

    private static final Pattern ENV = Pattern.compile("\\{\\{\\s*env\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

    /** The largest defs.yaml read, 1 MiB: a component definition is a few hundred bytes. */
    public static final int MAX_DEFS_BYTES = 1024 * 1024;

    // Duplicate keys are errors. Jackson's read constraints bound nesting (depth 1,000) and number
    // lengths; an alias is read as its anchor's name and never expanded, so an alias bomb stays as
    // small as its text. The tree is built by JsonTrees, as a YAMLMapper's readTree builds it,
    // without making a mapper (which initialises Jackson's date format and its locale data).
    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The mapper, made only for a definition with {@code translation} templates to convert. */
    private static final class Mapping {
        static final YAMLMapper YAML = new YAMLMapper(YAML_FACTORY.copy());
    }

    private final Function<String, String> environment;

    /** A loader that reads the process environment. */
    public DefsYamlLoader() {
        this(System::getenv);
    }

    /**
     * @param environment looks up environment variables for {@code {{ env.NAME }}} and the
     *     development-mode switch; returns {@code null} for an unset variable
     */
    public DefsYamlLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment is null");
    }

    /**
     * Reads a small built-in YAML document (comments, a mapping holding a sequence, a flow mapping
     * and each kind of scalar) the way {@link #load} reads a file, and drops it: the YAML parser's classes
     * (snakeyaml's scanner, tokens and events, Jackson's YAML parser and tree nodes) are then
     * loaded and linked. For a process that will load a defs.yaml soon and has a core to spare:
     * the CLI calls it on its preload thread while picocli parses the command line (about 15 ms
     * of the example's {@code defs} on JDK 17). Nothing is kept; calling it again repeats the read.
     */
    public static void warmUp() {
        // Comments too: most defs.yaml files have one, and snakeyaml loads its comment classes only when it meets one.
        byte[] doc = ("# a comment\ntype: dev.rocky.RockyComponent  # after a value\nattributes:\n  binary_path: 'rocky'\n  timeout_seconds: 3600\n"
                + "  ratio: 0.5\n  strict: true\n  none: null\n  list:\n    - \"a\"\n    - {k: v, n: 1}\n").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8);
        try (JsonParser p = YAML_FACTORY.createParser(doc)) {
            dev.rocky.json.JsonTrees.read(p, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the built-in YAML document did not parse", e);
        }
    }

    /**
     * @param defsFile the defs.yaml
     * @return the resolved configuration
     * @throws ConfigException when the file is missing, larger than {@link #MAX_DEFS_BYTES}, not one
     *     YAML document (duplicate keys and nesting deeper than 1,000 are errors), or not a valid
     *     component definition
     */
    public ComponentConfig load(Path defsFile) {
        Path file = defsFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no defs.yaml at " + file + "; pass --defs <path to defs.yaml>");
        }
        JsonNode root;
        Map<String, Integer> lines;
        try {
            long size = Files.size(file);
            if (size > MAX_DEFS_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes, larger than the " + MAX_DEFS_BYTES
                        + " a defs.yaml may be; is this the component's defs.yaml?");
            }
            byte[] content = Files.readAllBytes(file);
            try (JsonParser p = YAML_FACTORY.createParser(content)) {
                root = dev.rocky.json.JsonTrees.read(p, false);
                if (p.nextToken() != null) {
                    throw new ConfigException(file + ": more than one YAML document; a defs.yaml holds one component");
                }
            }
            lines = attributeLines(content);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
                    + ": not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + " (" + e + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": expected a mapping with 'type' and 'attributes'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("type") && !key.equals("attributes")) {
                throw new ConfigException(file + ": unknown top-level key '" + key + "'; accepted: type, attributes");
            }
        }
        String type = root.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new ConfigException(file + ": type is '" + type + "'; accepted: " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        JsonNode attributes = root.path("attributes");
        boolean empty = attributes.isMissingNode() || attributes.isNull() || (attributes.isTextual() && attributes.asText().isEmpty());
        if (!empty && !attributes.isObject()) {
            throw new ConfigException(file + ": attributes must be a mapping");
        }
        Attrs a = new Attrs(file, lines, attributes.isObject() ? (ObjectNode) attributes : JsonNodeFactory.instance.objectNode());
        return a.resolve();
    }

    /** The attributes of one file, with where each is and what it may be. */
    private final class Attrs {
        private final Path file;
        private final Map<String, Integer> lines;
        private final ObjectNode values;
        /** The environment variables the file references as {@code {{ env.NAME }}}. */
        private final java.util.Set<String> referenced = new java.util.LinkedHashSet<>();

        Attrs(Path file, Map<String, Integer> lines, ObjectNode raw) {
            this.file = file;
            this.lines = lines;
            ObjectNode interpolated = JsonNodeFactory.instance.objectNode();
            raw.fields().forEachRemaining(e -> interpolated.set(e.getKey(), interpolate(e.getKey(), e.getValue())));
            this.values = interpolated;
        }

        ComponentConfig resolve() {
            for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (CODE_ONLY.contains(name)) {
                    if (!values.get(name).isNull() && !(name.equals("post_state_write_hook") && values.get(name).has("push_to"))) {
                        throw error(name, name + " cannot be set in defs.yaml: it is code. Set it when building the "
                                + "component: RockyComponent.builder(config)." + camel(name) + "(…).build()");
                    }
                } else if (!ATTRIBUTES.contains(name)) {
                    throw error(name, "unknown attribute '" + name + "'; accepted: " + String.join(", ", ATTRIBUTES));
                }
            }
            Path root = file.getParent();
            String configPath = argument("config_path", def("config_path"));
            boolean statePathSet = present("state_path");
            Optional<String> stateNamespace = optionalString("state_namespace");
            if (stateNamespace.isPresent()) {
                if (!SQL_IDENTIFIER.matcher(stateNamespace.get()).matches()) {
                    throw error("state_namespace", "state_namespace must be a SQL identifier ([A-Za-z_][A-Za-z0-9_]*), got '"
                            + stateNamespace.get() + "'");
                }
                if (statePathSet) {
                    throw error("state_namespace", "state_namespace and state_path cannot both be set: rocky takes one "
                            + "of --state-namespace and --state-path; remove one");
                }
            }
            boolean dagMode = bool("dag_mode");
            String executionMode = oneOf("execution_mode", List.of("streaming", "pipes"));
            boolean satisfyEmpty = bool("satisfy_empty_outputs");
            if (satisfyEmpty && (dagMode || executionMode.equals("pipes"))) {
                throw error("satisfy_empty_outputs", "satisfy_empty_outputs works only with execution_mode: streaming and "
                        + "dag_mode: false; turn it off or change those");
            }
            EngineConfig engine = new EngineConfig(
                    string("binary_path"),
                    configPath,
                    argument("state_path", def("state_path")),
                    stateNamespace,
                    insideProject(root, "models_dir", string("models_dir")),
                    optionalString("contracts_dir").map(d -> insideProject(root, "contracts_dir", d)),
                    Duration.ofSeconds(integer("timeout_seconds", 1)),
                    maxStdoutMib() * 1024 * 1024,
                    serverUrl());
            StateConfig state = new StateConfig(defsState(root, configPath), bool("fail_on_stale_state"),
                    Duration.ofSeconds(integer("refresh_lock_wait_seconds", 0)), bool("discover_on_missing_state"),
                    pushStateTo(root, configPath));
            GraphConfig graph = new GraphConfig(dagMode, bool("surface_optimize_metadata"), bool("surface_derived_models"),
                    bool("strict_build"), tenant());
            GovernanceConfig governance = new GovernanceConfig(bool("surface_compliance"), bool("surface_configured_checks"),
                    bool("surface_retention_status"));
            LineageConfig lineage = new LineageConfig(bool("surface_column_lineage"),
                    LineageConfig.At.valueOf(oneOf("column_lineage_at", List.of("load", "refresh")).toUpperCase(java.util.Locale.ROOT)),
                    lineageConcurrency());
            ComponentConfig config = new ComponentConfig(file, root, engine, state, translator(root), graph, governance, lineage,
                    new RunConfig(satisfyEmpty, bool("strict_doctor"), strictDoctorChecks(), executionMode.equals("pipes")),
                    attributesSet(), referenced,
                    isSet("ROCKY_COMPONENT_DEV") || environment.apply("DAGSTER_IS_DEV_CLI") != null, sensor(), orchestration(),
                    openLineage());
            return config;
        }

        private long maxStdoutMib() {
            long n = integer("max_stdout_mib", 1);
            if (n > 4096) {
                throw error("max_stdout_mib", "max_stdout_mib must be at most 4096 (the captured stdout is held in memory), got " + n);
            }
            return n;
        }

        /**
         * A value rocky receives as the argument of an option: it must not read as an option itself
         * or carry a line break or NUL.
         */
        private String argument(String name, String fallback) {
            String v = string(name, fallback);
            argumentOrFail(name, v);
            return v;
        }

        /**
         * A directory that must stay inside the project: rocky reads it and the component walks it.
         * Refused when it leaves the project by {@code ..}, an absolute path, or a symbolic link.
         */
        private String insideProject(Path root, String name, String value) {
            argumentOrFail(name, value);
            Path resolved = root.resolve(value).normalize();
            if (!resolved.startsWith(root)) {
                throw error(name, name + " '" + CliArgument.printable(value) + "' is outside the project directory " + root
                        + "; keep it inside the project (the component never walks outside it)");
            }
            if (Files.exists(resolved)) {
                try {
                    Path real = resolved.toRealPath();
                    Path realRoot = root.toRealPath();
                    if (!real.startsWith(realRoot)) {
                        throw error(name, name + " '" + CliArgument.printable(value) + "' leads through a symbolic link to " + real
                                + ", outside the project directory " + realRoot + "; keep it inside the project");
                    }
                } catch (IOException e) {
                    throw error(name, "cannot resolve " + name + " '" + CliArgument.printable(value) + "' (" + e + ")");
                }
            }
            return value;
        }

        private void argumentOrFail(String name, String value) {
            Optional<String> why = CliArgument.problem(value);
            if (why.isPresent()) {
                throw error(name, name + " '" + CliArgument.printable(value) + "' " + why.get()
                        + (value.startsWith("-") ? "; write ./" + CliArgument.printable(value) + " for a path" : ""));
            }
        }

        private int lineageConcurrency() {
            long n = integer("column_lineage_concurrency", 1);
            if (n > 64) {
                throw error("column_lineage_concurrency", "column_lineage_concurrency must be at most 64 (each is a rocky "
                        + "process compiling every model), got " + n);
            }
            return (int) n;
        }

        private boolean isSet(String variable) {
            String v = environment.apply(variable);
            return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
        }

        private boolean present(String name) {
            JsonNode v = values.get(name);
            return v != null && !v.isNull();
        }

        /** @return the attributes the file sets, in file order */
        private List<String> attributesSet() {
            List<String> names = new ArrayList<>();
            for (java.util.Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
                names.add(it.next()); // not forEachRemaining(names::add): its method-handle form is generated at start
            }
            return names;
        }

        /** @return the attribute's default from {@link DefsAttributes}, e.g. {@code rocky} */
        private String def(String name) {
            return DefsAttributes.get(name).defaultLiteral();
        }

        private String string(String name) {
            return string(name, def(name));
        }

        private boolean bool(String name) {
            return bool(name, Boolean.parseBoolean(def(name)));
        }

        private long integer(String name, long min) {
            return integer(name, Long.parseLong(def(name)), min);
        }

        private String oneOf(String name, List<String> accepted) {
            return oneOf(name, def(name), accepted);
        }

        private String string(String name, String fallback) {
            return optionalString(name).orElse(fallback);
        }

        private Optional<String> optionalString(String name) {
            if (!present(name)) {
                return Optional.empty();
            }
            JsonNode v = values.get(name);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw error(name, name + " must be a non-empty string, got " + v);
            }
            return Optional.of(v.asText());
        }

        private String oneOf(String name, String fallback, List<String> accepted) {
            String v = string(name, fallback);
            if (!accepted.contains(v)) {
                throw error(name, name + " is '" + v + "'; accepted: " + String.join(", ", accepted));
            }
            return v;
        }

        private boolean bool(String name, boolean fallback) {
            return bool(name, name, values.get(name), fallback);
        }

        private boolean bool(String attribute, String name, JsonNode v, boolean fallback) {
            if (v == null || v.isNull() || v.isMissingNode()) {
                return fallback;
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                return Boolean.parseBoolean(v.asText());
            }
            throw error(attribute, name + " must be true or false, got " + v);
        }

        private long integer(String name, long fallback, long min) {
            return integer(name, fallback, min, MAX_INTEGER.getOrDefault(name, Long.MAX_VALUE));
        }

        private long integer(String name, long fallback, long min, long max) {
            JsonNode v = values.get(name);
            if (v == null || v.isNull()) {
                return fallback;
            }
            long n;
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                n = v.asLong();
            } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,18}")) {
                n = Long.parseLong(v.asText().strip());
            } else {
                throw error(name, name + " must be a whole number, got " + v);
            }
            if (n < min) {
                throw error(name, name + " must be at least " + min + ", got " + n);
            }
            if (n > max) {
                throw error(name, name + " must be at most " + max + MAX_REASON.getOrDefault(name, "") + ", got " + n);
            }
            return n;
        }

        /** {@code op_tags}, {@code schedules} and {@code automation}. */
        private OrchestrationConfig orchestration() {
            Map<String, String> opTags = stringMap("op_tags");
            List<OrchestrationConfig.Schedule> schedules = new ArrayList<>();
            if (present("schedules")) {
                JsonNode v = values.get("schedules");
                if (!v.isArray()) {
                    throw error("schedules", "schedules must be a list of mappings such as {name: daily, cron: \"0 6 * * *\"}, got " + v);
                }
                java.util.Set<String> names = new java.util.HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    String where = "schedules[" + i + "]";
                    JsonNode item = v.get(i);
                    if (!item.isObject()) {
                        throw error("schedules", where + " must be a mapping, got " + item);
                    }
                    allowOnly("schedules", item, List.of("name", "cron", "timezone", "groups", "assets", "tags"));
                    String name = item.path("name").asText("");
                    if (!name.matches("[A-Za-z0-9_]+")) {
                        throw error("schedules", where + ".name must match [A-Za-z0-9_]+, got '" + name + "'");
                    }
                    if (!names.add(name)) {
                        throw error("schedules", where + ".name '" + name + "' is used twice; schedule names are unique");
                    }
                    String cron = cronAt("schedules", where + " (" + name + ").cron", item.path("cron"));
                    String zone = zoneAt("schedules", where + " (" + name + ").timezone", item.path("timezone"));
                    schedules.add(new OrchestrationConfig.Schedule(name, cron, zone, stringsAt("schedules", where + ".groups",
                            item.get("groups")), stringsAt("schedules", where + ".assets", item.get("assets")),
                            scalarMap("schedules", where + ".tags", item.get("tags"))));
                }
            }
            Optional<OrchestrationConfig.Automation> automation = Optional.empty();
            if (present("automation")) {
                JsonNode v = values.get("automation");
                if (!v.isObject()) {
                    throw error("automation", "automation must be a mapping such as {condition: eager} or {condition: on_cron, cron: "
                            + "\"0 6 * * *\"}, got " + v);
                }
                allowOnly("automation", v, List.of("condition", "cron", "timezone", "groups"));
                String condition = v.path("condition").asText("");
                if (!condition.equals("eager") && !condition.equals("on_cron")) {
                    throw error("automation", "automation.condition is '" + condition + "'; accepted: eager, on_cron");
                }
                Optional<String> cron = Optional.empty();
                if (condition.equals("on_cron")) {
                    cron = Optional.of(cronAt("automation", "automation.cron", v.path("cron")));
                } else if (v.has("cron")) {
                    throw error("automation", "automation.cron goes with condition: on_cron; eager runs when an upstream updates");
                }
                automation = Optional.of(new OrchestrationConfig.Automation(condition, cron, zoneAt("automation", "automation.timezone",
                        v.path("timezone")), stringsAt("automation", "automation.groups", v.get("groups"))));
            }
            return new OrchestrationConfig(opTags, schedules, automation);
        }

        private String cronAt(String attribute, String where, JsonNode v) {
            if (!v.isTextual()) {
                throw error(attribute, where + " is required: a five-field cron such as \"0 6 * * *\"");
            }
            try {
                Crons.parse(v.asText());
            } catch (IllegalArgumentException e) {
                throw error(attribute, where + ": " + e.getMessage());
            }
            return v.asText();
        }

        private String zoneAt(String attribute, String where, JsonNode v) {
            if (v.isMissingNode() || v.isNull()) {
                return "UTC";
            }
            try {
                return java.time.ZoneId.of(v.asText()).getId();
            } catch (java.time.DateTimeException e) {
                throw error(attribute, where + " '" + v.asText() + "' is not an IANA time zone such as Europe/Berlin or UTC");
            }
        }

        private List<String> stringsAt(String attribute, String where, JsonNode v) {
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(attribute, where + " must be a list of strings, got " + v);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw error(attribute, where + " must be a list of non-empty strings, got " + item);
                }
                out.add(item.asText());
            }
            return out;
        }

        /** The discover sensor; its settings are refused without {@code enable_sensor: true}, where they do nothing. */
        private SensorConfig sensor() {
            boolean enabled = bool("enable_sensor");
            String granularity = oneOf("sensor_granularity", List.of("per_source", "per_group"));
            long interval = integer("sensor_interval_seconds", 1);
            for (String setting : List.of("sensor_granularity", "sensor_interval_seconds")) {
                if (present(setting) && !enabled) {
                    throw error(setting, setting + " is a setting of the discover sensor, which is off; set enable_sensor: true or "
                            + "remove " + setting);
                }
            }
            if (granularity.equals("per_group") && present("tenant")) {
                throw error("sensor_granularity", "sensor_granularity: per_group does not apply with tenant: the sensor asks for one "
                        + "partitioned run per synced tenant source (a group's run cannot span tenant catalogs); remove "
                        + "sensor_granularity or tenant");
            }
            return new SensorConfig(enabled, granularity.equals("per_group"), Duration.ofSeconds(interval));
        }

        /** {@code server_url}: an absolute {@code http} or {@code https} URL with a host and no query. */
        private Optional<java.net.URI> serverUrl() {
            Optional<String> raw = optionalString("server_url");
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                java.net.URI uri = new java.net.URI(raw.get());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new java.net.URISyntaxException(raw.get(), "not an http(s) URL with a host and no query");
                }
                return Optional.of(uri);
            } catch (java.net.URISyntaxException e) {
                throw error("server_url", "server_url must be the http(s) URL of a running `rocky serve`, such as "
                        + "http://localhost:8080, not '" + raw.get() + "'");
            }
        }

        /** {@code strict_doctor_checks}: only with {@code strict_doctor: true}, where it does something. */
        private List<String> strictDoctorChecks() {
            List<String> checks = stringList("strict_doctor_checks");
            if (!checks.isEmpty() && !bool("strict_doctor")) {
                throw error("strict_doctor_checks", "strict_doctor_checks scopes the strict_doctor gate, which is off; set "
                        + "strict_doctor: true or remove strict_doctor_checks");
            }
            return checks;
        }

        private List<String> stringList(String name) {
            if (!present(name)) {
                return List.of();
            }
            JsonNode v = values.get(name);
            if (!v.isArray()) {
                throw error(name, name + " must be a list of strings, got " + v);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw error(name, name + " must be a list of non-empty strings; found " + item);
                }
                out.add(item.asText());
            }
            return out;
        }

        private Map<String, String> stringMap(String name) {
            return scalarMap(name, name, values.get(name));
        }

        private TranslatorConfig translator(Path root) {
            Optional<String> translatorClass = optionalString("translator_class");
            // no lambdas here: the method-handle forms of theirs are generated at every start, outside the start-up archive
            TranslatorSelection selection = TranslatorSelection.none();
            if (translatorClass.isPresent()) {
                className("translator_class", "translator_class", translatorClass.get());
                selection = TranslatorSelection.ofClass(translatorClass.get(), Map.of());
            }
            if (present("translator")) {
                if (translatorClass.isPresent()) {
                    throw error("translator", "translator and translator_class cannot both be set; keep one");
                }
                JsonNode v = values.get("translator");
                if (!v.isObject()) {
                    throw error("translator", "translator must be a mapping such as {name: tenant, config: {component: tenant}}, "
                            + "got " + v);
                }
                allowOnly("translator", v, List.of("name", "class", "config"));
                Map<String, String> config = scalarMap("translator", "translator.config", v.get("config"));
                boolean named = v.hasNonNull("name");
                if (named == v.hasNonNull("class")) {
                    throw error("translator", "translator needs exactly one of name (a plugin's factory name) and class (a fully "
                            + "qualified class name)");
                }
                if (named) {
                    String name = v.get("name").isTextual() ? v.get("name").asText() : "";
                    if (!TranslatorPlugins.NAME.matcher(name).matches()) {
                        throw error("translator", "translator.name must match [a-z][a-z0-9_-]* (a factory's name), got "
                                + v.get("name"));
                    }
                    selection = TranslatorSelection.named(name, config);
                } else {
                    String className = v.get("class").isTextual() ? v.get("class").asText() : v.get("class").toString();
                    selection = TranslatorSelection.ofClass(className("translator", "translator.class", className), config);
                }
            }
            TranslationTemplates templates = TranslationTemplates.none();
            if (present("translation")) {
                JsonNode v = values.get("translation");
                if (!v.isObject()) {
                    throw error("translation", "translation must be a mapping of asset attributes to templates, got " + v);
                }
                try {
                    templates = TranslationTemplates.parse(Mapping.YAML.convertValue(v, Map.class));
                } catch (IllegalArgumentException e) {
                    throw error("translation", e.getMessage());
                }
            }
            return new TranslatorConfig(selection, templates, root.resolve(insideProject(root, "plugins_dir", string("plugins_dir"))).normalize());
        }

        private String className(String attribute, String name, String value) {
            if (!CLASS_NAME.matcher(value).matches()) {
                throw error(attribute, name + " must be a fully qualified class name such as com.example.MyTranslator, got '"
                        + value + "'");
            }
            return value;
        }

        private Map<String, String> scalarMap(String attribute, String name, JsonNode v) {
            if (v == null || v.isNull()) {
                return Map.of();
            }
            if (!v.isObject()) {
                throw error(attribute, name + " must be a mapping of names to values, got " + v);
            }
            Map<String, String> out = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw error(attribute, name + "." + e.getKey() + " must be a string, number or boolean, got " + e.getValue());
                }
                out.put(e.getKey(), e.getValue().asText());
            });
            return out;
        }

        private DefsStateConfig defsState(Path root, String configPath) {
            String defaultKey = "RockyComponent[" + configPath + "]";
            Path defaultDir = root.resolve(".defs_state_versions");
            if (!present("defs_state")) {
                return new DefsStateConfig(ManagementType.LOCAL_FILESYSTEM, defaultKey, defaultDir, 10);
            }
            JsonNode v = values.get("defs_state");
            if (!v.isObject()) {
                throw error("defs_state", "defs_state must be a mapping such as {management_type: LOCAL_FILESYSTEM}, got " + v);
            }
            allowOnly("defs_state", v, List.of("management_type", "key", "storage", "keep_versions", "prune_grace_seconds"));
            String typeName = v.path("management_type").asText("LOCAL_FILESYSTEM");
            ManagementType type;
            try {
                type = ManagementType.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                throw error("defs_state", "defs_state.management_type is '" + typeName + "'; accepted: LOCAL_FILESYSTEM, "
                        + "VERSIONED_STATE_STORAGE");
            }
            String resolvedKey = key("defs_state", "defs_state.key", v.path("key")).orElse(defaultKey);
            StateStorage storage = new StateStorage.Directory(defaultDir);
            JsonNode storageNode = v.path("storage");
            if (!storageNode.isMissingNode() && !storageNode.isNull()) {
                storage = storage("defs_state", "defs_state.storage", storageNode, root, defaultDir);
            }
            if (!(storage instanceof StateStorage.Directory) && type != ManagementType.VERSIONED_STATE_STORAGE) {
                throw error("defs_state", "defs_state.storage is remote, which needs management_type: VERSIONED_STATE_STORAGE");
            }
            int keepVersions = keepVersions("defs_state", "defs_state.keep_versions", v.path("keep_versions"));
            JsonNode grace = v.path("prune_grace_seconds");
            Duration pruneGrace = VersionedStateStore.DEFAULT_PRUNE_GRACE;
            if (!grace.isMissingNode() && !grace.isNull()) {
                if (!grace.isIntegralNumber() || grace.asLong() < 0 || grace.asLong() > 86_400) {
                    throw error("defs_state", "defs_state.prune_grace_seconds must be a whole number from 0 to 86400, got " + grace);
                }
                pruneGrace = Duration.ofSeconds(grace.asLong());
            }
            Path dir = storage instanceof StateStorage.Directory d ? d.dir() : defaultDir;
            return new DefsStateConfig(type, resolvedKey, dir, keepVersions, storage, pruneGrace);
        }

        private Optional<PushStateTo> pushStateTo(Path root, String configPath) {
            JsonNode v = values.get("post_state_write_hook");
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            allowOnly("post_state_write_hook", v, List.of("push_to", "key", "keep_versions"));
            StateStorage target = storage("post_state_write_hook", "post_state_write_hook.push_to", v.get("push_to"), root,
                    root.resolve(".defs_state_versions"));
            String defaultKey = present("defs_state") && values.get("defs_state").path("key").isTextual()
                    ? values.get("defs_state").path("key").asText() : "RockyComponent[" + configPath + "]";
            return Optional.of(new PushStateTo(target,
                    key("post_state_write_hook", "post_state_write_hook.key", v.path("key")).orElse(defaultKey),
                    keepVersions("post_state_write_hook", "post_state_write_hook.keep_versions", v.path("keep_versions"))));
        }

        private Optional<String> key(String attribute, String name, JsonNode key) {
            if (key.isMissingNode() || key.isNull()) {
                return Optional.empty();
            }
            if (!key.isTextual() || key.asText().isBlank()) {
                throw error(attribute, name + " must be a non-empty string, got " + key);
            }
            return Optional.of(key.asText());
        }

        private int keepVersions(String attribute, String name, JsonNode keep) {
            if (keep.isMissingNode() || keep.isNull()) {
                return 10;
            }
            if (!keep.isIntegralNumber() || keep.asLong() < 1 || keep.asLong() > 10_000) {
                throw error(attribute, name + " must be a whole number from 1 to 10000, got " + keep);
            }
            return keep.asInt();
        }

        /** Parses {@code {type: directory|s3|valkey, …}}; never puts a password or secret key in a message. */
        private StateStorage storage(String attribute, String name, JsonNode node, Path root, Path defaultDir) {
            if (node == null || !node.isObject()) {
                throw error(attribute, name + " must be a mapping such as {type: s3, bucket: …} or {type: valkey, host: …}");
            }
            String type = node.path("type").asText("directory");
            Path cacheDir = root.resolve(".defs_state_cache");
            if (node.hasNonNull("cache_dir")) {
                cacheDir = root.resolve(text(attribute, name + ".cache_dir", node.get("cache_dir"))).normalize();
            }
            switch (type) {
                case "directory": {
                    allowOnly(name, node, List.of("type", "path"));
                    return new StateStorage.Directory(node.hasNonNull("path")
                            ? root.resolve(text(attribute, name + ".path", node.get("path"))).normalize() : defaultDir);
                }
                case "s3": {
                    allowOnly(name, node, List.of("type", "bucket", "prefix", "endpoint", "region", "path_style_access",
                            "access_key_id", "secret_access_key", "session_token", "cache_dir"));
                    String bucket = text(attribute, name + ".bucket", node.get("bucket"));
                    String prefix = node.hasNonNull("prefix") ? text(attribute, name + ".prefix", node.get("prefix")) : "";
                    prefix = prefix.replaceAll("^/+|/+$", "");
                    java.net.URI endpoint = null;
                    if (node.hasNonNull("endpoint")) {
                        String e = text(attribute, name + ".endpoint", node.get("endpoint"));
                        try {
                            endpoint = java.net.URI.create(e);
                        } catch (IllegalArgumentException ex) {
                            throw error(attribute, name + ".endpoint is not a URL: " + e);
                        }
                        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
                            throw error(attribute, name + ".endpoint must be an http:// or https:// URL with a host, got " + e);
                        }
                    }
                    String region = node.hasNonNull("region") ? text(attribute, name + ".region", node.get("region"))
                            : Optional.ofNullable(environment.apply("AWS_REGION")).filter(r -> !r.isBlank()).orElse("us-east-1");
                    boolean pathStyle = bool(attribute, name + ".path_style_access", node.get("path_style_access"), endpoint != null);
                    S3Settings settings = new S3Settings(bucket, prefix, Optional.ofNullable(endpoint), region, pathStyle,
                            Optional.empty(), S3Settings.DEFAULT_CONNECT_TIMEOUT, S3Settings.DEFAULT_REQUEST_TIMEOUT);
                    boolean hasId = node.hasNonNull("access_key_id");
                    boolean hasSecret = node.hasNonNull("secret_access_key");
                    if (hasId != hasSecret) {
                        throw error(attribute, name + " needs both access_key_id and secret_access_key, or neither (then the "
                                + "AWS credential chain is used)");
                    }
                    if (hasId) {
                        settings = settings.withCredentials(new S3Settings.Credentials(
                                text(attribute, name + ".access_key_id", node.get("access_key_id")),
                                secret(attribute, name + ".secret_access_key", node.get("secret_access_key")),
                                node.hasNonNull("session_token")
                                        ? Optional.of(secret(attribute, name + ".session_token", node.get("session_token")))
                                        : Optional.empty()));
                    }
                    return new StateStorage.S3(settings, cacheDir);
                }
                case "valkey":
                case "redis": {
                    allowOnly(name, node, List.of("type", "host", "port", "tls", "username", "password", "database", "prefix",
                            "version_ttl_seconds", "cache_dir", "connect_timeout_seconds", "read_timeout_seconds"));
                    Duration connect = node.hasNonNull("connect_timeout_seconds") ? Duration.ofSeconds(whole(attribute,
                            name + ".connect_timeout_seconds", node.get("connect_timeout_seconds"), 1, 300))
                            : ValkeySettings.DEFAULT_CONNECT_TIMEOUT;
                    Duration read = node.hasNonNull("read_timeout_seconds") ? Duration.ofSeconds(whole(attribute,
                            name + ".read_timeout_seconds", node.get("read_timeout_seconds"), 1, 300))
                            : ValkeySettings.DEFAULT_SOCKET_TIMEOUT;
                    String host = text(attribute, name + ".host", node.get("host"));
                    long port = node.hasNonNull("port") ? whole(attribute, name + ".port", node.get("port"), 1, 65_535) : 6379;
                    long database = node.hasNonNull("database") ? whole(attribute, name + ".database", node.get("database"), 0, 10_000) : 0;
                    Optional<java.time.Duration> ttl = node.hasNonNull("version_ttl_seconds")
                            ? Optional.of(Duration.ofSeconds(whole(attribute, name + ".version_ttl_seconds", node.get("version_ttl_seconds"),
                                    1, 366L * 86_400)))
                            : Optional.empty();
                    ValkeySettings settings = new ValkeySettings(host, (int) port,
                            bool(attribute, name + ".tls", node.get("tls"), false),
                            node.hasNonNull("username") ? Optional.of(text(attribute, name + ".username", node.get("username")))
                                    : Optional.empty(),
                            node.hasNonNull("password") ? Optional.of(secret(attribute, name + ".password", node.get("password")))
                                    : Optional.empty(),
                            (int) database,
                            node.hasNonNull("prefix") ? text(attribute, name + ".prefix", node.get("prefix")) : ValkeySettings.DEFAULT_PREFIX,
                            ttl, connect, read);
                    return new StateStorage.Valkey(settings, cacheDir);
                }
                default:
                    throw error(attribute, name + ".type is '" + type + "'; accepted: directory, s3, valkey");
            }
        }

        private String text(String attribute, String name, JsonNode v) {
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw error(attribute, name + " must be a non-empty string" + (v == null ? " (it is missing)" : ", got " + v));
            }
            return v.asText();
        }

        private String secret(String attribute, String name, JsonNode v) {
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw error(attribute, name + " must be a non-empty string (use \"{{ env.NAME }}\"; the value is never shown)");
            }
            return v.asText();
        }

        private long whole(String attribute, String name, JsonNode v, long min, long max) {
            if (v.isTextual() && v.asText().matches("[0-9]{1,18}")) {
                v = com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(v.asText()));
            }
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw error(attribute, name + " must be a whole number from " + min + " to " + max + ", got " + v);
            }
            return v.asLong();
        }

        /** {@code tenant}: validated (a typo is reported as one) into the collapse's settings; empty when unset. */
        /**
         * {@code openlineage}: the job namespace, the OpenLineage client's own {@code transport:}
         * block (checked by building the client, which contacts nothing), and the optional keys.
         */
        private Optional<dev.rocky.openlineage.OpenLineageSettings> openLineage() {
            if (!present("openlineage")) {
                return Optional.empty();
            }
            JsonNode v = values.get("openlineage");
            if (!v.isObject()) {
                throw error("openlineage", "openlineage must be a mapping with a transport (the OpenLineage client's transport: "
                        + "block, e.g. {type: http, url: http://marquez:5000}), got " + v);
            }
            allowOnly("openlineage", v, List.of("namespace", "transport", "dataset_namespace", "emit_on_refresh", "queue_capacity",
                    "close_timeout_seconds"));
            JsonNode transport = v.get("transport");
            if (transport == null || !transport.isObject() || !transport.path("type").isTextual()) {
                throw error("openlineage", "openlineage.transport is required: the OpenLineage client's transport: block with a type "
                        + "(http, file, console, kafka, composite or transform), e.g. {type: http, url: http://marquez:5000}");
            }
            for (String text : List.of("namespace", "dataset_namespace")) {
                if (v.has(text) && (!v.get(text).isTextual() || v.get(text).asText().isBlank())) {
                    throw error("openlineage", "openlineage." + text + " must be a non-empty string, got " + v.get(text));
                }
            }
            for (String whole : List.of("queue_capacity", "close_timeout_seconds")) {
                if (v.has(whole) && !v.get(whole).canConvertToInt()) {
                    throw error("openlineage", "openlineage." + whole + " must be a whole number, got " + v.get(whole));
                }
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(transport, Map.class);
                dev.rocky.openlineage.OpenLineageSettings settings = new dev.rocky.openlineage.OpenLineageSettings(
                        v.path("namespace").asText(dev.rocky.openlineage.OpenLineageSettings.DEFAULT_NAMESPACE), t,
                        v.has("dataset_namespace") ? Optional.of(v.get("dataset_namespace").asText()) : Optional.empty(),
                        bool("openlineage", "openlineage.emit_on_refresh", v.get("emit_on_refresh"), false),
                        v.path("queue_capacity").asInt(dev.rocky.openlineage.OpenLineageSettings.DEFAULT_QUEUE_CAPACITY),
                        v.has("close_timeout_seconds") ? Duration.ofSeconds(v.get("close_timeout_seconds").asInt())
                                : dev.rocky.openlineage.OpenLineageSettings.DEFAULT_CLOSE_TIMEOUT);
                dev.rocky.openlineage.OpenLineageEmission.checkTransport(settings);
                return Optional.of(settings);
            } catch (IllegalArgumentException e) {
                throw error("openlineage", e.getMessage());
            }
        }

        private Optional<dev.rocky.core.spec.TenantPartitioning> tenant() {
            if (!present("tenant")) {
                return Optional.empty();
            }
            JsonNode v = values.get("tenant");
            if (!v.isObject()) {
                throw error("tenant", "tenant must be a mapping with component and partitions_name, got " + v);
            }
            allowOnly("tenant", v, List.of("component", "partitions_name", "sync_partitions_from_discover", "scope_runs_to_selection"));
            for (String required : List.of("component", "partitions_name")) {
                if (!v.path(required).isTextual() || v.path(required).asText().isBlank()) {
                    throw error("tenant", "tenant." + required + " is required and must be a non-empty string");
                }
            }
            if (bool("dag_mode")) {
                throw error("tenant", "tenant collapses discovered tables; it does not apply with dag_mode: true (the DAG's "
                        + "source nodes are whole pipelines); remove one of them");
            }
            return Optional.of(new dev.rocky.core.spec.TenantPartitioning(v.path("component").asText(), v.path("partitions_name").asText(),
                    bool("tenant", "tenant.sync_partitions_from_discover", v.get("sync_partitions_from_discover"), true),
                    bool("tenant", "tenant.scope_runs_to_selection", v.get("scope_runs_to_selection"), false)));
        }

        private void allowOnly(String name, JsonNode v, List<String> accepted) {
            v.fieldNames().forEachRemaining(k -> {
                if (!accepted.contains(k)) {
                    throw error(name.contains(".") ? name.substring(0, name.indexOf('.')) : name,
                            "unknown key '" + k + "' in " + name + "; accepted: " + String.join(", ", accepted));
                }
            });
        }

        private JsonNode interpolate(String attribute, JsonNode node) {
            if (node.isTextual()) {
                String text = node.asText();
                Matcher m = ENV.matcher(text);
                if (!m.find()) {
                    return node;
                }
                m.reset();
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    referenced.add(m.group(1));
                    String value = environment.apply(m.group(1));
                    if (value == null) {
                        throw error(attribute, attribute + " uses {{ env." + m.group(1) + " }}, but the environment variable "
                                + m.group(1) + " is not set; set it or change defs.yaml");
                    }
                    m.appendReplacement(out, Matcher.quoteReplacement(value));
                }
                m.appendTail(out);
                return TextNode.valueOf(out.toString());
            }
            if (node.isObject()) {
                ObjectNode copy = JsonNodeFactory.instance.objectNode();
                node.fields().forEachRemaining(e -> copy.set(e.getKey(), interpolate(attribute, e.getValue())));
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = JsonNodeFactory.instance.arrayNode();
                node.forEach(item -> copy.add(interpolate(attribute, item)));
                return copy;
            }
            return node;
        }

        private ConfigException error(String attribute, String message) {
            Integer line = lines.get(attribute);
            return new ConfigException((line == null ? file.toString() : file + ":" + line) + ": " + message);
        }
    }

    /** Upper bounds of the integer attributes that are durations: past them a budget is meaningless and overflows. */
    private static final Map<String, Long> MAX_INTEGER = Map.of("timeout_seconds", 7L * 24 * 3600,
            "refresh_lock_wait_seconds", 24L * 3600, "sensor_interval_seconds", 7L * 24 * 3600);

    private static final Map<String, String> MAX_REASON = Map.of("timeout_seconds", " (7 days)",
            "refresh_lock_wait_seconds", " (a day)", "sensor_interval_seconds", " (7 days)");

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The line of each key directly under {@code attributes}. */
    private static Map<String, Integer> attributeLines(byte[] content) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML_FACTORY.createParser(content)) {
            int depth = 0;
            boolean inAttributes = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth <= 1) {
                            inAttributes = false;
                        }
                    }
                    case FIELD_NAME -> {
                        if (depth == 1) {
                            inAttributes = p.currentName().equals("attributes");
                        } else if (depth == 2 && inAttributes) {
                            lines.put(p.currentName(), p.currentLocation().getLineNr());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return lines;
    }
}
