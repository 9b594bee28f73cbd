package dev.rocky.cli;

import dev.rocky.core.spec.MetadataKeys;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.spec.MetadataValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Prints what {@code rocky-component materialize} produces, each event and failure as soon as the
 * materializer hands it over ({@link RunEventListener}), one line each, flushed per line; then, in
 * text, a summary line ({@link #summary}).
 *
 * <p>{@code jsonl}: one JSON object per line, in the order they happen:
 * <pre>
 * {"type": "materialization", "asset_key": [...], "partition": "2026-04-07" | null, "metadata": {...}}
 * {"type": "check", "asset_key": [...], "check_name": "row_count", "passed": true, "severity": "ERROR", "metadata": {...}}
 * {"type": "observation", "asset_key": [...], "metadata": {...}}
 * {"type": "failure", "asset_key": [...] | null, "engine_key": "...", "failure_kind": "quota-exceeded", "message": "...",
 *  "cooldown_seconds": 300 | null}
 * </pre>
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
     * Text only: the closing line with the counts and the outcome.
     *
     * @param report the materialization's report
     */
    void summary(MaterializationReport report) {
        if (jsonl) {
            return;
        }
        int materializations = 0;
        int checks = 0;
        int failedChecks = 0;
        int observations = 0;
        for (RunEvent e : report.events()) {
            if (e instanceof RunEvent.MaterializeResult) {
                materializations++;
            } else if (e instanceof RunEvent.AssetCheckResult c) {
                checks++;
                failedChecks += c.passed() ? 0 : 1;
            } else {
                observations++;
            }
        }
        text(materializations + " materialized, " + checks + " checks (" + failedChecks + " failed), " + observations
                + " observations, " + report.failures().size() + " failed, " + report.runs().size() + " rocky runs: "
                + report.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
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

    private static String text(MetadataValue v) {
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
