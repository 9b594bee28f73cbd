package dev.rocky.core.service;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.PipesMessage;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The messages rocky sends over Dagster Pipes during one call ({@code execution_mode: pipes}),
 * turned into events as they arrive, as the reference's message reader does: the engine's key
 * ({@code [source_type, *components, table]}) is remapped to the asset's key through the call's run
 * targets, messages for assets the call does not serve are dropped, a check name the engine mapped
 * onto {@code [A-Za-z0-9_]} is given back its declared name, and each event reaches the listener at
 * once. Logs go to the log sink; a malformed line or an unknown method is one warning and is
 * skipped. The run document the process prints at the end is still collected afterwards; the
 * ledger's deduplication keeps the first, live, event of each asset and check.
 */
final class PipesEvents {

    private final RunCall call;
    private final RunEventCollector out;
    private final LogSink log;
    private final RunOutputMatcher matcher;
    private final Set<String> warnedMethods = new HashSet<>();
    private boolean opened;
    private boolean closed;
    private int received;

    PipesEvents(RunCall call, Map<AssetKey, RunTarget> targets, RunEventCollector out, LogSink log) {
        this.call = call;
        this.out = out;
        this.log = log;
        this.matcher = new RunOutputMatcher(call, targets, log);
    }

    /** @return the check names declared per engine key (slash-joined), for the Pipes context's extras */
    Map<String, List<String>> declaredChecks() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (AssetSpec spec : call.serves()) {
            List<String> engineKey = matcher.engineKey(spec);
            if (!engineKey.isEmpty() && !spec.checks().isEmpty()) {
                out.put(String.join("/", engineKey), spec.checks().stream().map(AssetCheckSpec::name).toList());
            }
        }
        return out;
    }

    /** @return whether the engine sent {@code closed} */
    boolean closed() {
        return closed;
    }

    /** @return how many materializations and check results were taken from the messages */
    int received() {
        return received;
    }

    /** Takes one message, in file order. */
    void accept(PipesMessage m) {
        if (m instanceof PipesMessage.Opened) {
            opened = true;
        } else if (m instanceof PipesMessage.Closed c) {
            closed = true;
            c.exception().ifPresent(e -> log.warn("rocky closed its Dagster Pipes session with an exception: " + e));
        } else if (m instanceof PipesMessage.Log l) {
            log.log(level(l.level()), "rocky (pipes): " + l.message());
        } else if (m instanceof PipesMessage.Materialization mat) {
            AssetSpec spec = matcher.byEngineKey(mat.engineKey());
            if (spec == null) {
                log.log(LogSink.Level.DEBUG, "rocky reported over Pipes a materialization of " + String.join("/", mat.engineKey())
                        + ", which this call does not serve; dropped");
                return;
            }
            Optional<String> partition = call.tenantPartition();
            if (partition.isEmpty() && mat.metadata().get("partition_key") instanceof MetadataValue.Text t) {
                partition = MaterializationMapper.orchestratorKey(spec, t.value());
            }
            out.materialize(new RunEvent.MaterializeResult(spec.key(), partition, mat.metadata()));
            received++;
            out.publish();
        } else if (m instanceof PipesMessage.CheckResult c) {
            AssetSpec spec = matcher.byEngineKey(c.engineKey());
            if (spec == null) {
                log.log(LogSink.Level.DEBUG, "rocky reported over Pipes a check of " + String.join("/", c.engineKey())
                        + ", which this call does not serve; dropped");
                return;
            }
            String name = declaredName(spec, c.checkName());
            out.check(new RunEvent.AssetCheckResult(spec.key(), name, c.passed(), c.severity(), c.metadata())
                    .withPartition(call.tenantPartition()));
            received++;
            out.publish();
        } else if (m instanceof PipesMessage.Unknown u) {
            if (warnedMethods.add(u.method())) {
                log.warn("rocky sent the Dagster Pipes method '" + u.method() + "', which rocky-java does not read; skipped");
            }
        } else if (m instanceof PipesMessage.Malformed bad) {
            log.warn("line " + bad.line() + " of rocky's Dagster Pipes messages is not a protocol message (" + bad.reason()
                    + "); skipped, the rest is read");
        }
    }

    /** @return whether the engine opened its session */
    boolean opened() {
        return opened;
    }

    /** The declared check whose name the engine's mapping onto {@code [A-Za-z0-9_]} turned into {@code sent}; else {@code sent}. */
    private static String declaredName(AssetSpec spec, String sent) {
        for (AssetCheckSpec c : spec.checks()) {
            if (c.name().equals(sent)) {
                return sent;
            }
        }
        for (AssetCheckSpec c : spec.checks()) {
            if (AssetNames.sanitize(c.name()).equals(sent)) {
                return c.name();
            }
        }
        return sent;
    }

    private static LogSink.Level level(String python) {
        return switch (python.toUpperCase(java.util.Locale.ROOT)) {
            case "DEBUG" -> LogSink.Level.DEBUG;
            case "WARN", "WARNING" -> LogSink.Level.WARN;
            case "ERROR", "CRITICAL" -> LogSink.Level.ERROR;
            default -> LogSink.Level.INFO;
        };
    }
}
