package dev.rocky.component.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every defs.yaml attribute this build knows, with its section, type and default: the one list the
 * loader takes names and defaults from, and the one the guide's attribute table
 * ({@code docs/guide/defs-yaml.md}) is checked against, column by column. Names and defaults are
 * the reference's ({@code RockyComponent} in dagster-rocky), plus rocky-java's own attributes.
 */
public final class DefsAttributes {

    /** The concern an attribute belongs to: a section of {@link ComponentConfig}. */
    public enum Section {
        /** {@link EngineConfig}: how rocky is run. */
        ENGINE,
        /** {@link StateConfig}: where the state lives. */
        STATE,
        /** {@link TranslatorConfig}: how assets are named. */
        TRANSLATOR,
        /** {@link GraphConfig}: what the graph holds. */
        GRAPH,
        /** {@link GovernanceConfig}: compliance, configured checks, retention. */
        GOVERNANCE,
        /** {@link LineageConfig}: column lineage; and OpenLineage emission. */
        LINEAGE,
        /** {@link RunConfig}: how materializations report. */
        RUN,
        /** Attributes validated, then refused until built (none in this build; kept for the next such attribute). */
        ORCHESTRATION
    }

    /**
     * One attribute.
     *
     * @param name its name in defs.yaml
     * @param section the concern it belongs to
     * @param type its type, as the guide's table writes it
     * @param defaultText its default, as the guide's table writes it ({@code `rocky`}, {@code none})
     * @param loaded what a loaded configuration holds for it, written as its default is (for
     *     checking that the loader applies the default); empty for attributes without a field
     */
    public record Attribute(String name, Section section, String type, String defaultText,
            Optional<Function<ComponentConfig, String>> loaded) {

        /** Rejects {@code null} parts. */
        public Attribute {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(section, "section is null");
            Objects.requireNonNull(type, "type is null");
            Objects.requireNonNull(defaultText, "defaultText is null");
            Objects.requireNonNull(loaded, "loaded is null");
        }

        /** @return the default without the table's backticks, e.g. {@code rocky}; {@code none} for no default */
        public String defaultLiteral() {
            return defaultText.replace("`", "");
        }

        /** @return whether the attribute is validated and then refused (not built yet) when set to anything but its default */
        public boolean refused() {
            return section == Section.ORCHESTRATION;
        }
    }

    private static final Map<String, Attribute> BY_NAME = new LinkedHashMap<>();

    static {
        Section e = Section.ENGINE;
        add("binary_path", e, "string", "`rocky`", c -> c.engine().binaryPath());
        add("config_path", e, "string", "`rocky.toml`", c -> c.engine().configPath());
        add("state_path", e, "string", "`.rocky-state.redb`", c -> c.engine().statePath());
        add("state_namespace", e, "string (SQL identifier)", "none", c -> c.engine().stateNamespace().orElse("none"));
        add("models_dir", e, "string", "`models`", c -> c.engine().modelsDir());
        add("contracts_dir", e, "string", "none", c -> c.engine().contractsDir().orElse("none"));
        Section t = Section.TRANSLATOR;
        add("translator_class", t, "string (class name)", "none", null);
        add("translator", t, "mapping", "none", c -> c.translator().selection().equals(
                dev.rocky.translator.TranslatorSelection.none()) ? "none" : "set");
        add("translation", t, "mapping", "none", c -> c.translator().translation().isEmpty() ? "none" : "set");
        add("plugins_dir", t, "string", "`plugins`", c -> c.projectRoot().relativize(c.translator().pluginsDir()).toString());
        add("defs_state", Section.STATE, "mapping", "`{management_type: LOCAL_FILESYSTEM}`",
                c -> "{management_type: " + c.defsState().managementType() + "}");
        Section g = Section.GRAPH;
        add("surface_optimize_metadata", g, "boolean", "`true`", c -> String.valueOf(c.graph().surfaceOptimizeMetadata()));
        add("surface_derived_models", g, "boolean", "`false`", c -> String.valueOf(c.graph().surfaceDerivedModels()));
        add("dag_mode", g, "boolean", "`false`", c -> String.valueOf(c.graph().dagMode()));
        add("enable_sensor", Section.RUN, "boolean", "`false`", c -> String.valueOf(c.sensor().enabled()));
        add("sensor_granularity", Section.RUN, "`per_source` \\| `per_group`", "`per_source`",
                c -> c.sensor().perGroup() ? "per_group" : "per_source");
        add("sensor_interval_seconds", Section.RUN, "integer ≥ 1", "`300`", c -> String.valueOf(c.sensor().interval().toSeconds()));
        add("execution_mode", Section.RUN, "`streaming` \\| `pipes`", "`streaming`", c -> c.run().pipes() ? "pipes" : "streaming");
        add("op_tags", Section.RUN, "mapping", "none", c -> c.orchestration().opTags().isEmpty() ? "none" : c.orchestration().opTags().toString());
        add("schedules", Section.RUN, "list of mappings", "none", c -> c.orchestration().schedules().isEmpty() ? "none"
                : String.valueOf(c.orchestration().schedules().size()));
        add("automation", Section.RUN, "mapping", "none", c -> c.orchestration().automation().map(a -> a.condition()).orElse("none"));
        Section gov = Section.GOVERNANCE;
        add("surface_compliance", gov, "boolean", "`false`", c -> String.valueOf(c.governance().surfaceCompliance()));
        add("surface_configured_checks", gov, "boolean", "`false`", c -> String.valueOf(c.governance().surfaceConfiguredChecks()));
        add("surface_retention_status", gov, "boolean", "`false`", c -> String.valueOf(c.governance().surfaceRetentionStatus()));
        add("discover_on_missing_state", Section.STATE, "boolean", "`false`", c -> String.valueOf(c.state().discoverOnMissingState()));
        Section l = Section.LINEAGE;
        add("surface_column_lineage", l, "boolean", "`false`", c -> String.valueOf(c.lineage().surfaceColumnLineage()));
        add("column_lineage_at", l, "`load` \\| `refresh`", "`load`", c -> c.lineage().at().name().toLowerCase(java.util.Locale.ROOT));
        add("column_lineage_concurrency", l, "integer 1–64", "`8`", c -> String.valueOf(c.lineage().concurrency()));
        add("openlineage", l, "mapping", "none", c -> c.openLineage().map(o -> "{namespace: " + o.namespace() + ", transport: "
                + o.transportType() + "}").orElse("none"));
        add("timeout_seconds", e, "integer ≥ 1", "`3600`", c -> String.valueOf(c.engine().timeout().toSeconds()));
        add("max_stdout_mib", e, "integer 1–4096", "`256`", c -> String.valueOf(c.engine().maxStdoutBytes() / (1024 * 1024)));
        add("server_url", e, "URL", "none", c -> c.engine().serverUrl().map(Object::toString).orElse("none"));
        add("strict_build", g, "boolean", "`false`", c -> String.valueOf(c.graph().strictBuild()));
        add("tenant", Section.GRAPH, "mapping", "none", c -> c.graph().tenant().map(tp -> "{component: " + tp.component()
                + ", partitions_name: " + tp.partitionsName() + "}").orElse("none"));
        add("satisfy_empty_outputs", Section.RUN, "boolean", "`false`", c -> String.valueOf(c.run().satisfyEmptyOutputs()));
        add("strict_doctor", Section.RUN, "boolean", "`false`", c -> String.valueOf(c.run().strictDoctor()));
        add("strict_doctor_checks", Section.RUN, "list of strings", "`[]`", c -> String.valueOf(c.run().strictDoctorChecks()));
        add("post_state_write_hook", Section.STATE, "code, or `{push_to}`", "none",
                c -> c.state().pushStateTo().isPresent() ? "set" : "none");
        add("fail_on_stale_state", Section.STATE, "boolean", "`false`", c -> String.valueOf(c.state().failOnStaleState()));
        add("refresh_lock_wait_seconds", Section.STATE, "integer ≥ 0", "`600`",
                c -> String.valueOf(c.state().refreshLockWait().toSeconds()));
    }

    private DefsAttributes() {
    }

    private static void add(String name, Section section, String type, String defaultText, Function<ComponentConfig, String> loaded) {
        BY_NAME.put(name, new Attribute(name, section, type, defaultText, Optional.ofNullable(loaded)));
    }

    /** @return every attribute, in the guide's order */
    public static List<Attribute> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** @return every attribute's name, in the guide's order */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * @param name an attribute name
     * @return the attribute
     * @throws IllegalArgumentException when no attribute has that name
     */
    public static Attribute get(String name) {
        Attribute a = BY_NAME.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no defs.yaml attribute '" + name + "'; known: " + String.join(", ", names()));
        }
        return a;
    }
}
