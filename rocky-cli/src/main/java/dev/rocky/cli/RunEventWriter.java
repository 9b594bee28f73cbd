package dev.rocky.cli;

import dev.rocky.core.spec.MetadataKeys;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationSummary;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.spec.MetadataValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Prints what {@code rocky-component materialize} produces, each event and failure as soon as the
 * materializer hands it over ({@link RunEventListener}), one line each, flushed per line; then, in
 * text, a summary line ({@link #summary}).
 *
 * <p>{@code jsonl}: the published format {@link PublishedFormat#EVENTS} (schema
 * {@code dev/rocky/cli/schemas/events.v1.schema.json}), one JSON object per line, in the order
 * they happen, each with {@code "format_version": 1} first:
 * <pre>
 * {"type": "materialization", "asset_key": [...], "partition": "2026-04-07" | null, "metadata": {...}}
 * {"type": "check", "asset_key": [...], "check_name": "row_count", "passed": true, "severity": "ERROR",
 *  "partition": "acme" | null, "metadata": {...}}
 * {"type": "observation", "asset_key": [...], "metadata": {...}}
 * {"type": "failure", "asset_key": [...] | null, "engine_key": "...", "failure_kind": "quota-exceeded", "message": "...",
 *  "cooldown_seconds": 300 | null}
 * {"type": "summary", "outcome": "success" | "partial_failure" | "failure" | "error", "exit_code": 0,
 *  "materializations": 3, "checks": 4, "failed_checks": 0, "observations": 0, "failures": 0, "rocky_runs": 1,
 *  "retry_after_seconds": 300 | null, "error_code": "..." | null, "message": "..." | null}
 * </pre>
 * The {@code summary} line is always the last: a stream without one was cut short. Its outcome
 * {@code error} means the materialization stopped before it produced a report (e.g. a
 * {@code strict_doctor} gate), with the error's code and message. A command refused before the
 * materialization starts (a bad defs.yaml, no state) writes nothing to stdout; its exit code and
 * error line say why.
 *
 * {@code text}: one line per event and failure, with control characters escaped. Every line is
 * masked with {@link Secrets#redact} (rocky's messages may echo a secret).
 */
final class RunEventWriter implements RunEventListener {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final Secrets secrets;
    private final PrintWriter out;
    private final boolean jsonl;
    private final StringWriter line = new StringWriter(256);
    private final Runnable beforeLine;

    /**
     * @param secrets values masked in every line written
     * @param out where the lines go
     * @param jsonl one JSON object per line, else readable text
     * @param beforeLine run before each line (the CLI clears its live progress line there)
     */
    RunEventWriter(Secrets secrets, PrintWriter out, boolean jsonl, Runnable beforeLine) {
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets is null");
        this.out = java.util.Objects.requireNonNull(out, "out is null");
        this.jsonl = jsonl;
        this.beforeLine = java.util.Objects.requireNonNull(beforeLine, "beforeLine is null");
    }

    @Override
    public void event(RunEvent e) {
        if (jsonl) {
            emit(g -> {
                g.writeStartObject();
                g.writeNumberField("format_version", PublishedFormat.EVENTS.version());
                g.writeStringField("type", e.type());
                g.writeFieldName("asset_key");
                DefinitionsJsonWriter.key(g, e.asset());
                if (e instanceof RunEvent.MaterializeResult m) {
                    g.writeFieldName("partition");
                    if (m.partition().isPresent()) {
                        g.writeString(m.partition().get());
                    } else {
                        g.writeNull();
                    }
                } else if (e instanceof RunEvent.AssetCheckResult c) {
                    g.writeStringField("check_name", c.checkName());
                    g.writeBooleanField("passed", c.passed());
                    g.writeStringField("severity", c.severity().name());
                    g.writeStringField("partition", c.partition().orElse(null));
                }
                g.writeObjectFieldStart("metadata");
                for (Map.Entry<String, MetadataValue> md : e.metadata().entrySet()) {
                    g.writeFieldName(md.getKey());
                    DefinitionsJsonWriter.value(g, md.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            });
        } else if (e instanceof RunEvent.MaterializeResult m) {
            text("materialized  " + e.asset() + m.partition().map(p -> " [" + p + "]").orElse("") + summary(e.metadata()));
        } else if (e instanceof RunEvent.AssetCheckResult c) {
            text("check         " + e.asset() + " " + c.checkName() + " " + (c.passed() ? "passed" : "failed " + c.severity())
                    + reason(e.metadata()));
        } else {
            text("observed      " + e.asset() + summary(e.metadata()));
        }
    }

    @Override
    public void failure(AssetFailure f) {
        if (jsonl) {
            emit(g -> {
                g.writeStartObject();
                g.writeNumberField("format_version", PublishedFormat.EVENTS.version());
                g.writeStringField("type", "failure");
                g.writeFieldName("asset_key");
                if (f.asset().isPresent()) {
                    DefinitionsJsonWriter.key(g, f.asset().get());
                } else {
                    g.writeNull();
                }
                g.writeStringField("engine_key", f.engineKey());
                g.writeStringField("failure_kind", f.failureKind().wireName());
                g.writeStringField("message", f.message());
                g.writeFieldName("cooldown_seconds");
                if (f.cooldownSeconds().isPresent()) {
                    g.writeNumber(f.cooldownSeconds().getAsLong());
                } else {
                    g.writeNull();
                }
                g.writeEndObject();
            });
        } else {
            text("failed        " + f.describe());
        }
    }

    /**
     * The closing record: in text, a line with the counts and the outcome; in jsonl, the
     * {@code summary} object (with the retry-after a quota breach asks for).
     *
     * @param report how the materialization ended
     */
    void summary(MaterializationSummary report) {
        long materializations = report.materializations();
        long checks = report.checkResults();
        long failedChecks = report.failedChecks();
        long observations = report.observations();
        String outcome = report.outcome().name().toLowerCase(java.util.Locale.ROOT);
        if (!jsonl) {
            text(materializations + " materialized, " + checks + " checks (" + failedChecks + " failed), " + observations
                    + " observations, " + report.failures().size() + " failed, " + report.runs() + " rocky runs: "
                    + outcome.replace('_', ' '));
            return;
        }
        long[] counts = {materializations, checks, failedChecks, observations, report.failures().size(), report.runs()};
        OptionalLong retryAfter = report.retryAfterSeconds();
        emit(g -> summaryRecord(g, outcome, report.outcome().exitCode(), counts, retryAfter, null, null));
    }

    /**
     * The closing record of a materialization that stopped with an error before its report:
     * jsonl only (in text the CLI's error line says it).
     *
     * @param exitCode the exit code the CLI ends with
     * @param errorCode the error's code, e.g. {@code DOCTOR_CRITICAL}
     * @param message the error's message
     */
    void error(int exitCode, String errorCode, String message) {
        if (jsonl) {
            emit(g -> summaryRecord(g, "error", exitCode, new long[6], OptionalLong.empty(), errorCode, message));
        }
    }

    private static void summaryRecord(JsonGenerator g, String outcome, int exitCode, long[] counts, OptionalLong retryAfter,
            String errorCode, String message) throws IOException {
        g.writeStartObject();
        g.writeNumberField("format_version", PublishedFormat.EVENTS.version());
        g.writeStringField("type", "summary");
        g.writeStringField("outcome", outcome);
        g.writeNumberField("exit_code", exitCode);
        String[] names = {"materializations", "checks", "failed_checks", "observations", "failures", "rocky_runs"};
        for (int i = 0; i < names.length; i++) {
            g.writeNumberField(names[i], counts[i]);
        }
        g.writeFieldName("retry_after_seconds");
        if (retryAfter.isPresent()) {
            g.writeNumber(retryAfter.getAsLong());
        } else {
            g.writeNull();
        }
        g.writeStringField("error_code", errorCode);
        g.writeStringField("message", message);
        g.writeEndObject();
    }

    /** Something that writes one JSON value with a generator. */
    private interface JsonValue {
        void write(JsonGenerator g) throws IOException;
    }

    private void emit(JsonValue value) {
        line.getBuffer().setLength(0);
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            value.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an event as JSON", e);
        }
        beforeLine.run();
        out.print(secrets.size() == 0 ? line.toString() : secrets.redact(line.toString()));
        out.print('\n');
        out.flush();
    }

    private void text(String s) {
        beforeLine.run();
        out.print(ConsoleLogSink.printable(secrets.size() == 0 ? s : secrets.redact(s)));
        out.print('\n');
        out.flush();
    }

    /** A placeholder's {@code status}, else an anomaly's {@code rocky/reason}, in parentheses; empty when neither. */
    private static String reason(Map<String, MetadataValue> md) {
        MetadataValue r = md.containsKey(MetadataKeys.STATUS) ? md.get(MetadataKeys.STATUS) : md.get(MetadataKeys.ROCKY_REASON);
        return r instanceof MetadataValue.Text t ? " (" + t.value() + ")" : "";
    }

    private static String summary(Map<String, MetadataValue> md) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, MetadataValue> e : md.entrySet()) {
            String k = e.getKey();
            if (k.equals(MetadataKeys.DAGSTER_ROCKY_STRATEGY) || k.equals(MetadataKeys.DAGSTER_ROW_COUNT) || k.equals(MetadataKeys.ROCKY_PLAN_ID)
                    || k.equals(MetadataKeys.ROCKY_DRIFT_ACTION) || k.equals(MetadataKeys.ROCKY_CONTAINED) || k.equals(MetadataKeys.ROCKY_BLOCKED_BY)
                    || k.equals(MetadataKeys.ROCKY_PLACEHOLDER) || k.equals(MetadataKeys.ROCKY_EMPTY_FOR_PARTITION) || k.equals(MetadataKeys.ROCKY_TABLES_COPIED)) {
                sb.append("  ").append(k.substring(k.indexOf('/') + 1)).append('=').append(text(e.getValue()));
            }
        }
        return sb.toString();
    }

    /** @return a scalar metadata value as text ({@code null} for anything else); the CLI's one rendering of it */
    static String text(MetadataValue v) {
        if (v instanceof MetadataValue.Text t) {
            return t.value();
        }
        if (v instanceof MetadataValue.IntValue i) {
            return Long.toString(i.value());
        }
        if (v instanceof MetadataValue.FloatValue f) {
            return Double.toString(f.value());
        }
        if (v instanceof MetadataValue.BoolValue b) {
            return Boolean.toString(b.value());
        }
        return "null";
    }
}
