package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.testkit.project.ProjectAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what the fake rocky does for an argv: {@code --version} prints the scenario's version
 * line; a recorded call (from the cassette) is replayed; anything else is derived from the project
 * ({@link ProjectAnswers}); then the scenario's fault for the subcommand, if any, is applied. Shared
 * by the in-process {@link FakeRocky} and the executable {@link FakeRockyMain}. Thread-safe.
 */
public final class FakeRockyResponder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRINTER = ProjectAnswers.printer(JSON);

    private final Optional<ProjectAnswers> answers;
    private final Cassette cassette;
    private final Scenario scenario;
    private final Optional<String> configError;

    /**
     * @param answers the project to derive answers from; empty for a replay-only fake
     * @param cassette recorded answers, which win over derived ones
     * @param scenario faults and settings
     */
    public FakeRockyResponder(Optional<ProjectAnswers> answers, Cassette cassette, Scenario scenario) {
        this(answers, cassette, scenario, Optional.empty());
    }

    /**
     * @param answers the project to derive answers from; empty for a replay-only fake
     * @param cassette recorded answers, which win over derived ones
     * @param scenario faults and settings
     * @param configError why the project's config cannot be loaded, e.g. an unset variable: every
     *     command but {@code --version} then fails with it, exit 1, as the engine's config load does
     */
    public FakeRockyResponder(Optional<ProjectAnswers> answers, Cassette cassette, Scenario scenario, Optional<String> configError) {
        this.configError = Objects.requireNonNull(configError, "configError is null");
        this.answers = Objects.requireNonNull(answers, "answers is null");
        this.cassette = Objects.requireNonNull(cassette, "cassette is null");
        this.scenario = Objects.requireNonNull(scenario, "scenario is null");
    }

    /**
     * @param argv the full argv, program first
     * @return what to do
     */
    public Reply reply(List<String> argv) {
        List<String> args = Cassette.subcommandArgs(argv);
        if (args.equals(List.of("--version"))) {
            return new Reply((scenario.versionLine() + "\n").getBytes(StandardCharsets.UTF_8), new byte[0], 0, Duration.ZERO,
                    Duration.ZERO, false, "scenario version");
        }
        if (configError.isPresent()) {
            return new Reply(new byte[0], ("Error: " + configError.get() + "\n").getBytes(StandardCharsets.UTF_8), 1, Duration.ZERO,
                    Duration.ZERO, false, "config error");
        }
        Reply base = recorded(args).map(Reply::of).orElseGet(() -> answers
                .map(a -> {
                    ProjectAnswers.Answer x = a.answer(args);
                    return new Reply(x.stdout(), x.stderr().getBytes(StandardCharsets.UTF_8), x.exitCode(), Duration.ZERO, Duration.ZERO,
                            false, "derived: from the project files of " + a.project().dir().getFileName());
                })
                .orElseGet(() -> Reply.of(cassette.answer(argv))));
        String subcommand = args.isEmpty() ? "" : args.get(0);
        if (subcommand.equals("plan") && base.provenance().startsWith("recorded") && base.exitCode() == 0) {
            answers.ifPresent(a -> a.persistRecordedPlan(base.stdout(), args));
        }
        return scenario.faultFor(subcommand).map(f -> apply(f, base)).orElse(base);
    }

    private Optional<Recording> recorded(List<String> args) {
        Optional<Recording> exact = cassette.find(args);
        if (exact.isPresent()) {
            return exact;
        }
        List<String> normal = withoutDefaultModels(args);
        return cassette.recordings().stream().filter(r -> withoutDefaultModels(r.args()).equals(normal)).findFirst();
    }

    /** {@code --models models} is rocky's default: a recording of {@code compile} answers {@code compile --models models}. */
    static List<String> withoutDefaultModels(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--models") && i + 1 < args.size() && args.get(i + 1).equals("models")) {
                i++;
                continue;
            }
            out.add(args.get(i));
        }
        return out;
    }

    static Reply apply(Fault fault, Reply base) {
        String label = "fault: " + fault.spec() + " over " + base.provenance();
        if (fault instanceof Fault.Hang h) {
            return new Reply(new byte[0], new byte[0], 1, Duration.ZERO, h.duration(), false, label);
        }
        if (fault instanceof Fault.ExitWith e) {
            return new Reply(new byte[0], (e.stderr().isEmpty() ? "" : e.stderr() + "\n").getBytes(StandardCharsets.UTF_8),
                    e.code(), Duration.ZERO, Duration.ZERO, false, label);
        }
        if (fault instanceof Fault.PartialJson p) {
            return new Reply(head(base.stdout(), p.bytes()), base.stderr(), 0, Duration.ZERO, Duration.ZERO, false, label);
        }
        if (fault instanceof Fault.InvalidJson) {
            return new Reply("the fake rocky was told to print this, which is not JSON\n".getBytes(StandardCharsets.UTF_8),
                    base.stderr(), 0, Duration.ZERO, Duration.ZERO, false, label);
        }
        if (fault instanceof Fault.StderrFlood f) {
            StringBuilder sb = new StringBuilder(f.lines() * 64);
            for (int i = 0; i < f.lines(); i++) {
                sb.append("{\"level\":\"WARN\",\"target\":\"rocky_testkit\",\"message\":\"flood line ").append(i).append("\"}\n");
            }
            byte[] flood = sb.toString().getBytes(StandardCharsets.UTF_8);
            byte[] err = Arrays.copyOf(flood, flood.length + base.stderr().length);
            System.arraycopy(base.stderr(), 0, err, flood.length, base.stderr().length);
            return new Reply(base.stdout(), err, base.exitCode(), base.startDelay(), base.hangAfterOutput(), false, label);
        }
        if (fault instanceof Fault.Progress p) {
            StringBuilder sb = new StringBuilder(p.lines() * 80);
            for (int i = 1; i <= p.lines(); i++) {
                sb.append("{\"level\":\"INFO\",\"target\":\"rocky_testkit\",\"message\":\"progress ").append(i).append('/')
                        .append(p.lines()).append("\"}\n");
            }
            byte[] progress = sb.toString().getBytes(StandardCharsets.UTF_8);
            byte[] err = Arrays.copyOf(progress, progress.length + base.stderr().length);
            System.arraycopy(base.stderr(), 0, err, progress.length, base.stderr().length);
            return new Reply(base.stdout(), err, base.exitCode(), base.startDelay(), base.hangAfterOutput(), false, label, p.interval());
        }
        if (fault instanceof Fault.SlowStart s) {
            return new Reply(base.stdout(), base.stderr(), base.exitCode(), s.delay(), base.hangAfterOutput(), false, label);
        }
        if (fault instanceof Fault.KilledMidOutput k) {
            return new Reply(head(base.stdout(), k.bytes()), base.stderr(), 137, Duration.ZERO, Duration.ZERO, true, label);
        }
        if (fault instanceof Fault.Synced synced) {
            return editJson(base, label, "discover", root -> {
                root.withArray("sources").forEach(src -> {
                    String at = synced.syncs().get(src.path("id").asText());
                    if (at != null) {
                        ((ObjectNode) src).put("last_sync_at", at);
                    }
                });
                return 0;
            });
        }
        if (fault instanceof Fault.FailedSources f) {
            return editJson(base, label, "discover", root -> failSources(root, f.sourceIds(), "transient", null));
        }
        if (fault instanceof Fault.QuotaExceeded q) {
            if (command(base).orElse("").equals("run")) {
                return editJson(base, label, "run", root -> failTables(root, Integer.MAX_VALUE, q.cooldownSeconds()));
            }
            return editJson(base, label, "discover", root -> failSources(root, null, "rate_limit", q.cooldownSeconds()));
        }
        if (fault instanceof Fault.RunPartialFailure) {
            return editJson(base, label, "run", root -> failTables(root, 1, null));
        }
        if (fault instanceof Fault.RunFailure) {
            return editJson(base, label, "run", root -> failTables(root, Integer.MAX_VALUE, null));
        }
        if (fault instanceof Fault.PipesCrash || fault instanceof Fault.PipesNoise) {
            // what the Pipes channel carries is the emitter's (FakePipes); the reply itself is unchanged
            return new Reply(base.stdout(), base.stderr(), base.exitCode(), base.startDelay(), base.hangAfterOutput(), false, label);
        }
        return editJson(base, label, "doctor", root -> {
            root.withArray("checks").addObject().put("name", "state").put("status", "critical")
                    .put("message", "State store unreadable (fault injected by rocky-testkit)").put("duration_ms", 0);
            root.put("overall", "critical");
            root.withArray("suggestions").add("restore the state file or run with a fresh --state-path");
            return 3;
        });
    }

    /** The first {@code bytes} bytes, and never the whole output, so the JSON is always cut short. */
    private static byte[] head(byte[] stdout, int bytes) {
        return Arrays.copyOf(stdout, Math.max(0, Math.min(bytes, stdout.length - 1)));
    }

    private interface Edit {
        int apply(ObjectNode root);
    }

    private static Optional<String> command(Reply base) {
        try {
            JsonNode n = JSON.readTree(base.stdout());
            return n == null ? Optional.empty() : Optional.of(n.path("command").asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Reply editJson(Reply base, String label, String command, Edit edit) {
        ObjectNode root;
        try {
            JsonNode n = base.stdout().length == 0 ? null : JSON.readTree(base.stdout());
            if (!(n instanceof ObjectNode o) || !o.path("command").asText().equals(command)) {
                return base;
            }
            root = o;
        } catch (IOException e) {
            return base;
        }
        int exit = edit.apply(root);
        try {
            byte[] body = PRINTER.writeValueAsBytes(root);
            byte[] out = Arrays.copyOf(body, body.length + 1);
            out[body.length] = '\n';
            String err = exit == 0 ? "" : "Error: " + (command.equals("doctor") ? "doctor found critical issues" : "run finished with failures") + "\n";
            return new Reply(out, err.getBytes(StandardCharsets.UTF_8), exit, base.startDelay(), base.hangAfterOutput(), false, label);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int failSources(ObjectNode root, List<String> ids, String errorClass, Long cooldown) {
        ArrayNode sources = (ArrayNode) root.withArray("sources");
        ArrayNode failed = (ArrayNode) root.withArray("failed_sources");
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode s : sources) {
            String id = s.path("id").asText();
            if (ids == null || ids.contains(id)) {
                ObjectNode f = failed.addObject().put("id", id).put("schema", id).put("source_type", s.path("source_type").asText())
                        .put("error_class", errorClass)
                        .put("message", errorClass.equals("rate_limit") ? "quota exceeded; retry after the cooldown (fault injected by rocky-testkit)"
                                : "metadata fetch failed: connection reset (fault injected by rocky-testkit)");
                if (cooldown != null) {
                    f.put("cooldown_seconds", cooldown);
                }
            } else {
                kept.add(s);
            }
        }
        root.set("sources", kept);
        return 0;
    }

    private static int failTables(ObjectNode root, int howMany, Long cooldown) {
        ArrayNode mats = (ArrayNode) root.withArray("materializations");
        ArrayNode kept = JSON.createArrayNode();
        ArrayNode errors = (ArrayNode) root.withArray("errors");
        int failed = 0;
        for (JsonNode m : mats) {
            if (failed < howMany) {
                ObjectNode e = errors.addObject();
                e.set("asset_key", m.get("asset_key").deepCopy());
                e.put("error", cooldown != null ? "quota exceeded; retry after " + cooldown + " s (fault injected by rocky-testkit)"
                        : "table copy failed: connection reset (fault injected by rocky-testkit)");
                e.put("failure_kind", cooldown != null ? "quota-exceeded" : "connection-failed");
                if (cooldown != null) {
                    e.put("cooldown_seconds", cooldown);
                }
                failed++;
            } else {
                kept.add(m);
            }
        }
        root.set("materializations", kept);
        int copied = Math.max(0, root.path("tables_copied").asInt() - failed);
        root.put("tables_copied", copied);
        root.put("tables_failed", failed);
        ObjectNode execution = (ObjectNode) root.path("execution");
        if (execution.isObject()) {
            execution.put("tables_failed", failed);
        }
        ObjectNode metrics = (ObjectNode) root.path("metrics");
        if (metrics.isObject()) {
            metrics.put("tables_failed", failed);
            int processed = metrics.path("tables_processed").asInt();
            metrics.put("error_rate_pct", processed == 0 ? 0.0 : 100.0 * failed / processed);
        }
        boolean all = kept.isEmpty();
        root.put("status", failed == 0 ? "Success" : all ? "Failure" : "PartialFailure");
        return failed == 0 ? 0 : all ? 1 : 2;
    }
}
