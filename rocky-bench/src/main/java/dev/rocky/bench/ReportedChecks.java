package dev.rocky.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A {@link CommandRunner} that adds check results to the {@code rocky run} and {@code rocky apply}
 * documents its delegate prints: for each materialized table, a passed {@code row_count} (source
 * and target counts), {@code column_match} (nothing missing or extra) and {@code freshness} (lag
 * under the threshold), the shapes of run.schema.json's {@code TableCheckOutput} and of the
 * recorded {@code fixtures/anomaly/run_baseline_*.json}. Synthetic: the project-model fake prints
 * an empty {@code check_results}, where rocky with checks configured reports one entry per table,
 * so this is what makes an event-mapping benchmark exercise the ledger's reported-check path
 * rather than only the placeholders. Any other output passes through unchanged.
 */
final class ReportedChecks implements CommandRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner delegate;

    /** @param delegate the runner whose run documents get check results */
    ReportedChecks(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(CommandRequest request, Consumer<String> stderrLines) {
        CommandResult r = delegate.run(request, stderrLines);
        if (r.exitCode() != 0 || r.stdout().length == 0 || r.stdout()[0] != '{') {
            return r; // a failure, or not a JSON document (--version)
        }
        try {
            JsonNode doc = JSON.readTree(r.stdout());
            String command = doc.path("command").asText("");
            if (!(doc instanceof ObjectNode run) || !(command.equals("run") || command.equals("apply"))
                    || !doc.path("materializations").isArray()) {
                return r;
            }
            ArrayNode checks = run.putArray("check_results");
            long n = 0;
            for (JsonNode m : doc.path("materializations")) {
                ObjectNode table = checks.addObject();
                table.set("asset_key", m.path("asset_key"));
                ArrayNode outcomes = table.putArray("checks");
                long rows = 1_000 + (n++ % 97);
                outcomes.addObject().put("name", "row_count").put("passed", true).put("severity", "error").put("source_count", rows)
                        .put("target_count", rows);
                ObjectNode columns = outcomes.addObject().put("name", "column_match").put("passed", true).put("severity", "error");
                columns.putArray("missing");
                columns.putArray("extra");
                outcomes.addObject().put("name", "freshness").put("passed", true).put("severity", "warning").put("lag_seconds", 60)
                        .put("threshold_seconds", 86_400);
            }
            return new CommandResult(r.exitCode(), JSON.writeValueAsBytes(run), r.stderrTail(), r.elapsed(), r.timedOut(),
                    r.stdoutOverCap());
        } catch (IOException e) {
            throw new UncheckedIOException("the delegate's output is not JSON: " + request.argv(), e);
        }
    }
}
