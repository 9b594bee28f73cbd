package dev.rocky.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A way the fake rocky misbehaves, for testing what a pipeline does when the real one does. Each
 * fault has a one-line text form ({@link #spec()}, {@link #parse(String)}) so the same scenario runs
 * in-process and from a scenario file for the executable fake:
 *
 * <pre>
 * hang 30s                   prints nothing and does not exit for 30 s (until killed)
 * exit 7 boom                exits 7, empty stdout, "boom" on stderr
 * partial-json 40            prints the first 40 bytes of the answer, exits 0
 * invalid-json               prints text that is not JSON, exits 0
 * stderr-flood 100000        writes 100000 stderr lines, then answers normally
 * progress 5 200ms           writes 5 progress lines on stderr, one every 200 ms, then answers
 * slow-start 2s              waits 2 s before answering
 * killed-mid-output 40       prints the first 40 bytes, then dies with exit 137 (SIGKILL)
 * failed-sources raw__orders discover: these sources fail with error_class "transient"
 * quota-exceeded 300         discover: every source fails with "rate_limit", cooldown_seconds 300;
 *                            run: every table fails with cooldown_seconds 300, status Failure
 * partial-failure            run: the first table fails, status PartialFailure, exit 2 with JSON
 * failure                    run: every table fails, status Failure, exit 1 with JSON
 * doctor-critical            doctor: a critical check, overall "critical", exit 3 with JSON
 * synced raw__a=2026-12-01T10:00:00Z,raw__b=2026-12-01T11:00:00Z
 *                            discover: those sources report that last_sync_at (a connector's sync)
 * pipes-crash                run/apply under Dagster Pipes: opened and one report, then exit 137
 * pipes-noise                run/apply under Dagster Pipes: a non-JSON line and an unknown method too
 * </pre>
 * Durations are {@code <n>ms}, {@code <n>s} or {@code <n>m}.
 */
public sealed interface Fault {

    /** @return the text form, which {@link #parse} reads back */
    String spec();

    /**
     * @return the subcommands whose JSON this fault rewrites, the first being its default; empty
     *     for a fault that applies to any subcommand
     */
    default List<String> appliesTo() {
        return List.of();
    }

    /** @return the subcommand this fault belongs to, when it only makes sense for some */
    default Optional<String> defaultSubcommand() {
        return appliesTo().stream().findFirst();
    }

    /**
     * Reads a fault's text form.
     *
     * @param spec e.g. {@code hang 30s}
     * @return the fault
     * @throws IllegalArgumentException naming the spec and the forms that are understood
     */
    static Fault parse(String spec) {
        String[] parts = spec.strip().split("\\s+", 2);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        try {
            return switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "hang" -> new Hang(parseDuration(rest));
                case "exit" -> {
                    String[] e = rest.split("\\s+", 2);
                    yield new ExitWith(Integer.parseInt(e[0]), e.length > 1 ? e[1] : "");
                }
                case "partial-json" -> new PartialJson(Integer.parseInt(rest));
                case "invalid-json" -> new InvalidJson();
                case "stderr-flood" -> new StderrFlood(Integer.parseInt(rest));
                case "slow-start" -> new SlowStart(parseDuration(rest));
                case "progress" -> {
                    String[] p = rest.split("\\s+");
                    yield new Progress(Integer.parseInt(p[0]), parseDuration(p[1]));
                }
                case "killed-mid-output" -> new KilledMidOutput(Integer.parseInt(rest));
                case "failed-sources" -> new FailedSources(Arrays.stream(rest.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList());
                case "quota-exceeded" -> new QuotaExceeded(Long.parseLong(rest));
                case "partial-failure" -> new RunPartialFailure();
                case "failure" -> new RunFailure();
                case "doctor-critical" -> new DoctorCritical();
                case "pipes-crash" -> new PipesCrash();
                case "pipes-noise" -> new PipesNoise();
                case "synced" -> {
                    java.util.Map<String, String> syncs = new java.util.LinkedHashMap<>();
                    for (String pair : rest.split("[,\\s]+")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0 || eq == pair.length() - 1) {
                            throw new IllegalArgumentException("not source=time: " + pair);
                        }
                        java.time.OffsetDateTime.parse(pair.substring(eq + 1));
                        syncs.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    yield new Synced(syncs);
                }
                default -> throw new IllegalArgumentException("unknown fault");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read fault '" + spec + "': expected one of hang <duration>, exit <code> [stderr],"
                    + " partial-json <bytes>, invalid-json, stderr-flood <lines>, progress <lines> <interval>, slow-start <duration>,"
                    + " killed-mid-output <bytes>,"
                    + " failed-sources <id,…>, quota-exceeded <seconds>, partial-failure, failure, doctor-critical,"
                    + " synced <id>=<RFC 3339 time>,…, pipes-crash, pipes-noise", e);
        }
    }

    private static Duration parseDuration(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        if (s.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        throw new IllegalArgumentException("duration '" + s + "' needs a unit: ms, s or m");
    }

    private static String durationText(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /**
     * Prints nothing and does not exit for a while: a wedged warehouse connection.
     *
     * @param duration how long; the caller's timeout should fire first
     */
    record Hang(Duration duration) implements Fault {
        /** Rejects negative durations. */
        public Hang {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("duration is negative");
            }
        }

        @Override
        public String spec() {
            return "hang " + durationText(duration);
        }
    }

    /**
     * Exits with a code and a stderr message, printing nothing on stdout.
     *
     * @param code the exit code
     * @param stderr the stderr text (one line)
     */
    record ExitWith(int code, String stderr) implements Fault {
        /** Rejects {@code null}. */
        public ExitWith {
            Objects.requireNonNull(stderr, "stderr is null");
        }

        @Override
        public String spec() {
            return ("exit " + code + " " + stderr).strip();
        }
    }

    /**
     * Prints the first bytes of the answer and exits 0: truncated JSON.
     *
     * @param bytes how many bytes
     */
    record PartialJson(int bytes) implements Fault {
        @Override
        public String spec() {
            return "partial-json " + bytes;
        }
    }

    /** Prints text that is not JSON and exits 0. */
    record InvalidJson() implements Fault {
        @Override
        public String spec() {
            return "invalid-json";
        }
    }

    /**
     * Writes many stderr lines before answering normally.
     *
     * @param lines how many lines
     */
    record StderrFlood(int lines) implements Fault {
        @Override
        public String spec() {
            return "stderr-flood " + lines;
        }
    }

    /**
     * Writes progress lines on stderr at a steady pace, then answers normally: a long run whose
     * progress a streaming caller should see before it ends.
     *
     * @param lines how many lines (≥ 1)
     * @param interval the pause before each line
     */
    record Progress(int lines, Duration interval) implements Fault {
        /** Rejects a non-positive count or a negative interval. */
        public Progress {
            if (lines < 1 || interval.isNegative()) {
                throw new IllegalArgumentException("progress needs ≥ 1 line and a non-negative interval");
            }
        }

        @Override
        public String spec() {
            return "progress " + lines + " " + durationText(interval);
        }
    }

    /**
     * Waits before answering normally.
     *
     * @param delay how long
     */
    record SlowStart(Duration delay) implements Fault {
        @Override
        public String spec() {
            return "slow-start " + durationText(delay);
        }
    }

    /**
     * Prints the first bytes of the answer, then dies as if killed ({@code SIGKILL}, exit 137).
     *
     * @param bytes how many bytes get out
     */
    record KilledMidOutput(int bytes) implements Fault {
        @Override
        public String spec() {
            return "killed-mid-output " + bytes;
        }
    }

    /**
     * {@code discover} reports these sources in {@code failed_sources} (error class {@code transient})
     * instead of {@code sources}.
     *
     * @param sourceIds the source ids (schema names)
     */
    record FailedSources(List<String> sourceIds) implements Fault {
        /** Copies the list. */
        public FailedSources {
            sourceIds = List.copyOf(sourceIds);
        }

        @Override
        public String spec() {
            return "failed-sources " + String.join(",", sourceIds);
        }

        @Override
        public List<String> appliesTo() {
            return List.of("discover");
        }
    }

    /**
     * The adapter's quota is exhausted: {@code discover} fails every source with error class
     * {@code rate_limit}; {@code run} fails every table; both carry {@code cooldown_seconds}.
     *
     * @param cooldownSeconds the backoff hint
     */
    record QuotaExceeded(long cooldownSeconds) implements Fault {
        @Override
        public String spec() {
            return "quota-exceeded " + cooldownSeconds;
        }

        @Override
        public List<String> appliesTo() {
            return List.of("discover", "run", "apply");
        }
    }

    /** {@code run}: the first table fails; status {@code PartialFailure}, exit 2, JSON on stdout. */
    record RunPartialFailure() implements Fault {
        @Override
        public String spec() {
            return "partial-failure";
        }

        @Override
        public List<String> appliesTo() {
            return List.of("run", "apply");
        }
    }

    /** {@code run}: every table fails; status {@code Failure}, exit 1, JSON on stdout. */
    record RunFailure() implements Fault {
        @Override
        public String spec() {
            return "failure";
        }

        @Override
        public List<String> appliesTo() {
            return List.of("run", "apply");
        }
    }

    /**
     * {@code run} or {@code apply} under Dagster Pipes: the engine writes {@code opened} and its
     * first report, then dies (exit 137) without {@code closed} and without its run document.
     */
    record PipesCrash() implements Fault {
        @Override
        public String spec() {
            return "pipes-crash";
        }

        @Override
        public List<String> appliesTo() {
            return List.of("apply", "run");
        }
    }

    /**
     * {@code run} or {@code apply} under Dagster Pipes: among the messages, a line that is not
     * JSON and a message with a method the protocol reader does not know.
     */
    record PipesNoise() implements Fault {
        @Override
        public String spec() {
            return "pipes-noise";
        }

        @Override
        public List<String> appliesTo() {
            return List.of("apply", "run");
        }
    }

    /** {@code doctor}: a critical check; overall {@code critical}, exit 3, JSON on stdout. */
    record DoctorCritical() implements Fault {
        @Override
        public String spec() {
            return "doctor-critical";
        }

        @Override
        public List<String> appliesTo() {
            return List.of("doctor");
        }
    }

    /**
     * {@code discover}: the named sources report these {@code last_sync_at} times, as a connector
     * that synced (the DuckDB playground reports none), for driving the discover sensor.
     *
     * @param syncs source id to its RFC 3339 sync time; copied, order kept
     */
    record Synced(java.util.Map<String, String> syncs) implements Fault {
        /** Copies the map. */
        public Synced {
            syncs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(syncs));
        }

        @Override
        public String spec() {
            return "synced " + String.join(",", syncs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        @Override
        public List<String> appliesTo() {
            return List.of("discover");
        }
    }
}
