package dev.rocky.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.component.RockyComponent;
import dev.rocky.core.sensor.RunRequest;
import dev.rocky.core.sensor.SensorTick;
import dev.rocky.core.spec.AssetKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rocky-component sensor tick}: the discover sensor, one tick. */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = {"The discover sensor (enable_sensor): which sources synced since the last tick, as run requests."},
        subcommands = {SensorCommand.Tick.class})
final class SensorCommand implements Callable<Integer> {

    @ParentCommand
    RockyComponentCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code sensor tick}. */
    @Command(name = "tick", mixinStandardHelpOptions = true,
            description = {"Run `rocky discover` and print a run request per source (or group, sensor_granularity) whose "
                + "last_sync_at is newer than the cursor; then store the advanced cursor beside the state.",
                "Materialize a request with `rocky-component materialize --select <key>…`. A tick sooner than "
                    + "sensor_interval_seconds after the last calls nothing."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the tick ran (with or without requests)", "1:the sensor is off, there is no state, or discover failed"})
    static final class Tick implements Callable<Integer> {
        @ParentCommand
        SensorCommand sensor;
        @Spec
        CommandSpec spec;

        @Option(names = "--dry-run", description = "Print the requests without advancing the cursor.")
        boolean dryRun;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
                description = "Output format: text, or json: {\"run_requests\": [...], \"skipped\": [...], \"cursor\": {...}} "
                    + "(default: ${DEFAULT-VALUE}).")
        RockyComponentCommand.TextOrJson format;

        @Override
        public Integer call() throws IOException {
            RockyComponent component = sensor.parent.component();
            // 1. Tick (reads the cursor, loads the graph, runs discover).
            SensorTick tick = component.sensorTick();
            sensor.parent.finishConsole();
            // 2. Hand the requests out.
            PrintWriter out = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            if (format == RockyComponentCommand.TextOrJson.json) {
                json(tick, out);
            } else {
                text(tick, out);
            }
            out.flush();
            // 3. Only then advance the cursor (a tick within the minimum interval changed nothing to store).
            if (!dryRun && tick.ran()) {
                component.commitSensorCursor(tick.cursor());
            }
            return 0;
        }

        private static void text(SensorTick tick, PrintWriter out) {
            for (RunRequest r : tick.runRequests()) {
                out.println("run " + r.runKey() + r.filter().map(f -> "  --filter " + f).orElse("") + "  " + String.join(" ",
                        r.assetKeys().stream().map(AssetKey::toUserString).toList()));
            }
            tick.skipped().forEach(s -> out.println("skipped " + s));
            tick.skipReason().ifPresent(s -> out.println("no run: " + s));
            tick.addedPartitions().forEach(k -> out.println("new partition " + k));
            out.println(tick.runRequests().size() + " run request(s)");
        }

        private static void json(SensorTick tick, PrintWriter out) throws IOException {
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("format_version", PublishedFormat.SENSOR_TICK.version());
                g.writeArrayFieldStart("run_requests");
                for (RunRequest r : tick.runRequests()) {
                    g.writeStartObject();
                    g.writeStringField("run_key", r.runKey());
                    g.writeArrayFieldStart("asset_keys");
                    for (AssetKey k : r.assetKeys()) {
                        g.writeStartArray();
                        for (String part : k.path()) {
                            g.writeString(part);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeStringField("filter", r.filter().orElse(null));
                    g.writeObjectFieldStart("tags");
                    for (Map.Entry<String, String> t : r.tags().entrySet()) {
                        g.writeStringField(t.getKey(), t.getValue());
                    }
                    g.writeEndObject();
                    g.writeStringField("partition_key", r.partitionKey().orElse(null));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("skipped");
                for (String s : tick.skipped()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeStringField("skip_reason", tick.skipReason().orElse(null));
                g.writeArrayFieldStart("added_partitions");
                for (String k : tick.addedPartitions()) {
                    g.writeString(k);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("cursor");
                g.writeStringField("last_tick_at", tick.cursor().lastTickAt().map(Object::toString).orElse(null));
                g.writeObjectFieldStart("syncs");
                for (Map.Entry<String, String> e : tick.cursor().syncs().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
            }
            out.println();
        }
    }
}
