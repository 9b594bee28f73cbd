package dev.rocky.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.component.RockyComponent;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.Definitions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rocky-component schedule due}: the runs the schedules and cron automation ask for at a time. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"The schedules (defs.yaml `schedules`) and cron automation (`automation: {condition: on_cron}`) on a clock."},
        subcommands = {ScheduleCommand.Due.class})
final class ScheduleCommand implements Callable<Integer> {

    @ParentCommand
    RockyComponentCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code schedule due}. */
    @Command(name = "due", mixinStandardHelpOptions = true,
            description = {"Print the runs due in the minute of --at (default: now): each schedule whose cron fires then, in its "
                + "time zone, and the assets whose on_cron automation fires then. Calls nothing.",
                "Run it every minute from cron and materialize each line: "
                    + "`rocky-component materialize --select <key>…`."})
    static final class Due implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand schedule;
        @Spec
        CommandSpec spec;

        @Option(names = "--at", paramLabel = "<RFC 3339 time>", description = "The time to check, e.g. 2026-12-02T06:00:00Z (default: now).")
        String at;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
                description = "Output format: text, or json: {\"at\", \"runs\": [{\"source\", \"asset_keys\", \"tags\"}]} (default: ${DEFAULT-VALUE}).")
        RockyComponentCommand.TextOrJson format;

        @Override
        public Integer call() throws IOException {
            Instant when;
            try {
                when = at == null ? Instant.now() : java.time.OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--at '" + at + "' is not an RFC 3339 time such as "
                        + "2026-12-02T06:00:00Z");
            }
            RockyComponent component = schedule.parent.component();
            Definitions defs = component.loadExisting().definitions();
            List<RockyComponent.DueRun> due = component.dueAt(defs, when);
            schedule.parent.finishConsole();
            PrintWriter out = new PrintWriter(new PrintableWriter(spec.commandLine().getOut()));
            if (format == RockyComponentCommand.TextOrJson.json) {
                try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeNumberField("format_version", PublishedFormat.SCHEDULE_DUE.version());
                    g.writeStringField("at", when.toString());
                    g.writeArrayFieldStart("runs");
                    for (RockyComponent.DueRun d : due) {
                        g.writeStartObject();
                        g.writeStringField("source", d.source());
                        g.writeArrayFieldStart("asset_keys");
                        for (AssetKey k : d.assets()) {
                            g.writeStartArray();
                            for (String part : k.path()) {
                                g.writeString(part);
                            }
                            g.writeEndArray();
                        }
                        g.writeEndArray();
                        g.writeObjectFieldStart("tags");
                        for (Map.Entry<String, String> e : new java.util.TreeMap<>(d.tags()).entrySet()) {
                            g.writeStringField(e.getKey(), e.getValue());
                        }
                        g.writeEndObject();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.println();
            } else {
                for (RockyComponent.DueRun d : due) {
                    out.println(d.source() + "  " + String.join(" ", d.assets().stream().map(AssetKey::toUserString).toList()));
                }
                out.println(due.size() + " run(s) due at " + when);
            }
            out.flush();
            return 0;
        }
    }
}
