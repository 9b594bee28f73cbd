package dev.rocky.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.Secrets;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.MetadataValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Prints what {@code rocky-component materialize} produced.
 *
 * <p>{@code jsonl}: one JSON object per line, events first, then failures:
 * <pre>
 * {"type": "materialization", "asset_key": [...], "partition": "2026-04-07" | null, "metadata": {...}}
 * {"type": "check", "asset_key": [...], "check_name": "row_count", "passed": true, "severity": "ERROR", "metadata": {...}}
 * {"type": "observation", "asset_key": [...], "metadata": {...}}
 * {"type": "failure", "asset_key": [...] | null, "engine_key": "...", "failure_kind": "quota-exceeded", "message": "...",
 *  "cooldown_seconds": 300 | null}
 * </pre>
 * {@code text}: one line per event and failure, then a summary line.
 */
final class RunEventWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final Secrets secrets;

    /** @param secrets values masked in every line written (rocky's messages may echo them) */
    RunEventWriter(Secrets secrets) {
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets is null");
    }

    void jsonl(MaterializationReport report, PrintWriter out) throws IOException {
        if (secrets.size() == 0) {
            jsonlUnmasked(report, out);
            return;
        }
        java.io.StringWriter buffer = new java.io.StringWriter();
        jsonlUnmasked(report, new PrintWriter(buffer));
        out.print(secrets.redact(buffer.toString()));
        out.flush();
    }

    void text(MaterializationReport report, PrintWriter out) {
        if (secrets.size() == 0) {
            textUnmasked(report, out);
            return;
        }
        java.io.StringWriter buffer = new java.io.StringWriter();
        textUnmasked(report, new PrintWriter(buffer));
        out.print(secrets.redact(buffer.toString()));
        out.flush();
    }

    private void jsonlUnmasked(MaterializationReport report, PrintWriter out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (RunEvent e : report.events()) {
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
                g.writeRaw('\n');
            }
            for (AssetFailure f : report.failures()) {
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
                g.writeRaw('\n');
            }
        }
        out.flush();
    }

    private void textUnmasked(MaterializationReport report, PrintWriter out) {
        int materializations = 0;
        int checks = 0;
        int failedChecks = 0;
        int observations = 0;
        for (RunEvent e : report.events()) {
            if (e instanceof RunEvent.MaterializeResult m) {
                materializations++;
                out.println("materialized  " + e.asset() + m.partition().map(p -> " [" + p + "]").orElse("") + summary(e.metadata()));
            } else if (e instanceof RunEvent.AssetCheckResult c) {
                checks++;
                failedChecks += c.passed() ? 0 : 1;
                out.println("check         " + e.asset() + " " + c.checkName() + " " + (c.passed() ? "passed" : "failed " + c.severity())
                        + reason(e.metadata()));
            } else {
                observations++;
                out.println("observed      " + e.asset() + summary(e.metadata()));
            }
        }
        for (AssetFailure f : report.failures()) {
            out.println("failed        " + f.describe());
        }
        out.println(materializations + " materialized, " + checks + " checks (" + failedChecks + " failed), " + observations
                + " observations, " + report.failures().size() + " failed, " + report.runs().size() + " rocky runs: "
                + report.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        out.flush();
    }

    private static String reason(Map<String, MetadataValue> md) {
        MetadataValue r = md.get("rocky/reason");
        return r instanceof MetadataValue.Text t ? " (" + t.value() + ")" : "";
    }

    private static String summary(Map<String, MetadataValue> md) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, MetadataValue> e : md.entrySet()) {
            String k = e.getKey();
            if (k.equals("dagster-rocky/strategy") || k.equals("dagster/row_count") || k.equals("rocky/plan_id")
                    || k.equals("rocky/drift_action") || k.equals("rocky/contained") || k.equals("rocky/blocked_by")
                    || k.equals("rocky/placeholder") || k.equals("rocky/empty_output") || k.equals("rocky/tables_copied")) {
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
