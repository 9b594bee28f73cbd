package dev.rocky.cli;

/**
 * The machine-readable outputs of {@code rocky-component}, each a published, versioned format with
 * a JSON Schema (draft 2020-12) on the classpath and in the repository at
 * {@code rocky-cli/src/main/resources/dev/rocky/cli/schemas/<name>.v<version>.schema.json}.
 *
 * <p>Every document (every line, for {@code jsonl}) carries {@code "format_version": <version>}.
 * The promise (README, "Output formats"): within one version, fields are only ever added where
 * the schema allows additions, never removed, renamed or retyped; any other change is a new
 * version with a new schema file beside the old one. {@code PublishedFormatsTest} holds each
 * schema's SHA-256 in {@code schemas/VERSIONS} and fails the build when a schema changes without
 * its version changing.
 */
public enum PublishedFormat {
    /** {@code defs --format json}: the whole asset graph, one document. */
    DEFS("defs", 1),
    /** {@code materialize --format jsonl}: one event per line, then one {@code summary} line. */
    EVENTS("events", 1),
    /** {@code doctor --format json}: rocky doctor's checks and whether one would stop a materialization. */
    DOCTOR("doctor", 1),
    /** {@code health --format json}: the liveness verdict and its parts. */
    HEALTH("health", 1),
    /** {@code sensor tick --format json}: the run requests, skipped sources and the new cursor. */
    SENSOR_TICK("sensor-tick", 1),
    /** {@code schedule due --format json}: the runs due at one minute. */
    SCHEDULE_DUE("schedule-due", 1);

    private final String formatName;
    private final int version;

    PublishedFormat(String formatName, int version) {
        this.formatName = formatName;
        this.version = version;
    }

    /** @return the format's name, e.g. {@code defs} */
    public String formatName() {
        return formatName;
    }

    /** @return the {@code format_version} every document of this format carries */
    public int version() {
        return version;
    }

    /** @return the schema's classpath resource, e.g. {@code dev/rocky/cli/schemas/defs.v1.schema.json} */
    public String schemaResource() {
        return "dev/rocky/cli/schemas/" + formatName + ".v" + version + ".schema.json";
    }
}
