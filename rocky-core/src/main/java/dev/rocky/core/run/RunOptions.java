package dev.rocky.core.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The flags of one {@code rocky run} (and of the {@code rocky plan} that precedes it in
 * plan-then-apply), as {@code RockyResource.run} takes them. Immutable; build with
 * {@link #builder()}. {@link #arguments()} turns them into the argv after {@code run}/{@code plan}.
 *
 * <p>Partition selection is one of: {@code partition}, {@code from}+{@code to}, {@code latest},
 * {@code missing} (or none); {@code lookback} and {@code parallel} go with any of them. Keys are in
 * rocky's canonical form ({@code 2026-04-08}, {@code 2026-04-08T13}, {@code 2026-04}, {@code 2026});
 * {@link dev.rocky.core.spec.TimeGrain#toRockyKey} converts an orchestrator's key.
 *
 * <p>{@code governanceOverride} and {@code idempotencyKey} are secrets: {@link #SECRET_FLAGS}
 * names the flags whose values are masked in every logged argv and error message.
 */
public final class RunOptions {

    /** The flags whose following value is never logged: it is replaced by {@value #MASK}. */
    public static final Set<String> SECRET_FLAGS = Set.of("--governance-override", "--idempotency-key");

    /** What a secret value is replaced by in logs and messages. */
    public static final String MASK = "***";

    private final Optional<String> filter;
    private final Optional<String> pipeline;
    private final Optional<String> modelsDir;
    private final boolean all;
    private final Optional<String> model;
    private final Optional<String> partition;
    private final Optional<String> from;
    private final Optional<String> to;
    private final boolean latest;
    private final boolean missing;
    private final OptionalInt lookback;
    private final OptionalInt parallel;
    private final Optional<String> shadowSuffix;
    private final Optional<String> idempotencyKey;
    private final Optional<String> governanceOverride;
    private final Optional<Duration> timeout;
    private final boolean fused;
    private final boolean defer;
    private final Optional<String> deferTo;
    private final Optional<String> resume;
    private final boolean resumeLatest;
    private final Optional<String> env;

    private RunOptions(Builder b) {
        this.filter = b.filter;
        this.pipeline = b.pipeline;
        this.modelsDir = b.modelsDir;
        this.all = b.all;
        this.model = b.model;
        this.partition = b.partition;
        this.from = b.from;
        this.to = b.to;
        this.latest = b.latest;
        this.missing = b.missing;
        this.lookback = b.lookback;
        this.parallel = b.parallel;
        this.shadowSuffix = b.shadowSuffix;
        this.idempotencyKey = b.idempotencyKey;
        this.governanceOverride = b.governanceOverride;
        this.timeout = b.timeout;
        this.fused = b.fused;
        this.defer = b.defer;
        this.deferTo = b.deferTo;
        this.resume = b.resume;
        this.resumeLatest = b.resumeLatest;
        this.env = b.env;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.filter = filter;
        b.pipeline = pipeline;
        b.modelsDir = modelsDir;
        b.all = all;
        b.model = model;
        b.partition = partition;
        b.from = from;
        b.to = to;
        b.latest = latest;
        b.missing = missing;
        b.lookback = lookback;
        b.parallel = parallel;
        b.shadowSuffix = shadowSuffix;
        b.idempotencyKey = idempotencyKey;
        b.governanceOverride = governanceOverride;
        b.timeout = timeout;
        b.fused = fused;
        b.defer = defer;
        b.deferTo = deferTo;
        b.resume = resume;
        b.resumeLatest = resumeLatest;
        b.env = env;
        return b;
    }

    /**
     * The argv after the subcommand, in a fixed order: {@code --filter}, {@code --pipeline},
     * {@code --governance-override}, {@code --models} [{@code --all}], {@code --model},
     * {@code --shadow --shadow-suffix}, {@code --partition}, {@code --from --to}, {@code --latest},
     * {@code --missing}, {@code --lookback}, {@code --parallel}, {@code --idempotency-key},
     * {@code --defer}, {@code --defer-to}, {@code --resume} / {@code --resume-latest}.
     *
     * @return the flags with their real values (pass to the process, never to a log)
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(16);
        filter.ifPresent(f -> add(args, "--filter", f));
        pipeline.ifPresent(p -> add(args, "--pipeline", p));
        governanceOverride.ifPresent(g -> add(args, "--governance-override", g));
        modelsDir.ifPresent(d -> {
            add(args, "--models", d);
            if (all) {
                args.add("--all");
            }
        });
        model.ifPresent(m -> add(args, "--model", m));
        shadowSuffix.ifPresent(s -> {
            args.add("--shadow");
            add(args, "--shadow-suffix", s);
        });
        partition.ifPresent(p -> add(args, "--partition", p));
        if (from.isPresent()) {
            add(args, "--from", from.get());
            add(args, "--to", to.orElseThrow());
        }
        if (latest) {
            args.add("--latest");
        }
        if (missing) {
            args.add("--missing");
        }
        lookback.ifPresent(n -> add(args, "--lookback", Integer.toString(n)));
        parallel.ifPresent(n -> add(args, "--parallel", Integer.toString(n)));
        idempotencyKey.ifPresent(k -> add(args, "--idempotency-key", k));
        if (defer) {
            args.add("--defer");
        }
        deferTo.ifPresent(d -> add(args, "--defer-to", d));
        resume.ifPresent(r -> add(args, "--resume", r));
        if (resumeLatest) {
            args.add("--resume-latest");
        }
        env.ifPresent(e -> add(args, "--env", e));
        return args;
    }

    /** @return {@code --env <name>}: the environment whose {@code [mask.<env>]} overrides apply, when set */
    public Optional<String> env() {
        return env;
    }

    /** @return {@code --defer}: unbuilt {@code ref()} upstreams resolve against the production schema */
    public boolean defer() {
        return defer;
    }

    /** @return {@code --defer-to <schema>}, when set */
    public Optional<String> deferTo() {
        return deferTo;
    }

    /** @return {@code --resume <run_id>}, when set */
    public Optional<String> resume() {
        return resume;
    }

    /** @return {@code --resume-latest} */
    public boolean resumeLatest() {
        return resumeLatest;
    }

    /**
     * @return the flags only {@code rocky run} declares ({@code --defer}, {@code --defer-to},
     *     {@code --resume}, {@code --resume-latest}), which {@code rocky plan} refuses to parse
     *     (rocky_sdk client.py {@code _build_plan_args}, #1404); empty when none is set
     */
    public List<String> runOnlyFlags() {
        List<String> out = new ArrayList<>(2);
        if (defer) {
            out.add("--defer");
        }
        deferTo.ifPresent(d -> out.add("--defer-to"));
        resume.ifPresent(r -> out.add("--resume"));
        if (resumeLatest) {
            out.add("--resume-latest");
        }
        return out;
    }

    /**
     * Masks the value after each of {@link #SECRET_FLAGS} (and a {@code --flag=value} spelling of
     * one).
     *
     * @param argv any argv
     * @return a copy safe to log
     */
    public static List<String> mask(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean next = false;
        for (String a : argv) {
            if (next) {
                out.add(MASK);
                next = false;
                continue;
            }
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0 && SECRET_FLAGS.contains(a.substring(0, eq))) {
                out.add(a.substring(0, eq + 1) + MASK);
                continue;
            }
            out.add(a);
            next = SECRET_FLAGS.contains(a);
        }
        return out;
    }

    /** @return the secret values these options carry, for masking text that may echo them */
    public List<String> secrets() {
        List<String> s = new ArrayList<>(2);
        governanceOverride.ifPresent(s::add);
        idempotencyKey.ifPresent(s::add);
        return s;
    }

    private static void add(List<String> args, String flag, String value) {
        args.add(flag);
        args.add(value);
    }

    /** @return {@code --filter k=v}, when set */
    public Optional<String> filter() {
        return filter;
    }

    /** @return {@code --pipeline}, when set */
    public Optional<String> pipeline() {
        return pipeline;
    }

    /** @return {@code --models}, when set */
    public Optional<String> modelsDir() {
        return modelsDir;
    }

    /** @return whether {@code --all} goes with {@code --models} */
    public boolean all() {
        return all;
    }

    /** @return {@code --model}, when set */
    public Optional<String> model() {
        return model;
    }

    /** @return {@code --partition}, when set */
    public Optional<String> partition() {
        return partition;
    }

    /** @return {@code --from}, when a range is set */
    public Optional<String> from() {
        return from;
    }

    /** @return {@code --to}, when a range is set */
    public Optional<String> to() {
        return to;
    }

    /** @return whether {@code --latest} is set */
    public boolean latest() {
        return latest;
    }

    /** @return whether {@code --missing} is set */
    public boolean missing() {
        return missing;
    }

    /** @return {@code --lookback}, in partitions, when set */
    public OptionalInt lookback() {
        return lookback;
    }

    /** @return {@code --parallel}, in concurrent partitions, when set */
    public OptionalInt parallel() {
        return parallel;
    }

    /** @return {@code --shadow-suffix}, when shadow mode is on */
    public Optional<String> shadowSuffix() {
        return shadowSuffix;
    }

    /** @return {@code --idempotency-key}, when set (a secret) */
    public Optional<String> idempotencyKey() {
        return idempotencyKey;
    }

    /** @return {@code --governance-override}, a JSON object, when set (a secret) */
    public Optional<String> governanceOverride() {
        return governanceOverride;
    }

    /** @return this call's time budget, replacing the configured {@code timeout_seconds}, when set */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** @return whether plan-then-apply is skipped and {@code rocky run} is called directly */
    public boolean fused() {
        return fused;
    }

    @Override
    public String toString() {
        return "RunOptions" + mask(arguments()) + (fused ? " fused" : "") + timeout.map(t -> " timeout " + t).orElse("");
    }

    /** Builds {@link RunOptions}. Not thread-safe. */
    public static final class Builder {
        private Optional<String> filter = Optional.empty();
        private Optional<String> pipeline = Optional.empty();
        private Optional<String> modelsDir = Optional.empty();
        private boolean all;
        private Optional<String> model = Optional.empty();
        private Optional<String> partition = Optional.empty();
        private Optional<String> from = Optional.empty();
        private Optional<String> to = Optional.empty();
        private boolean latest;
        private boolean missing;
        private OptionalInt lookback = OptionalInt.empty();
        private OptionalInt parallel = OptionalInt.empty();
        private Optional<String> shadowSuffix = Optional.empty();
        private Optional<String> idempotencyKey = Optional.empty();
        private Optional<String> governanceOverride = Optional.empty();
        private Optional<Duration> timeout = Optional.empty();
        private boolean fused;
        private boolean defer;
        private Optional<String> deferTo = Optional.empty();
        private Optional<String> resume = Optional.empty();
        private boolean resumeLatest;
        private Optional<String> env = Optional.empty();

        private Builder() {
        }

        /**
         * @param kv exactly one {@code key=value} pair: {@code id=<source id>} or a schema-pattern component
         * @return this builder
         * @throws IllegalArgumentException when it is not one {@code key=value} pair, or breaks the
         *     {@link CliArgument} rule (starts with {@code -}, has a line break or NUL)
         */
        public Builder filter(String kv) {
            CliArgument.require("filter", kv);
            int eq = kv.indexOf('=');
            if (eq <= 0 || eq == kv.length() - 1 || kv.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("filter '" + kv + "' is not one key=value pair, e.g. id=raw__orders");
            }
            this.filter = Optional.of(kv);
            return this;
        }

        /** @param name the pipeline in rocky.toml @return this builder */
        public Builder pipeline(String name) {
            this.pipeline = Optional.of(nonBlank(name, "pipeline"));
            return this;
        }

        /**
         * @param dir the models directory, relative to the project
         * @param runAll whether to add {@code --all} (run every model)
         * @return this builder
         */
        public Builder models(String dir, boolean runAll) {
            this.modelsDir = Optional.of(nonBlank(dir, "models directory"));
            this.all = runAll;
            return this;
        }

        /** @param name one model to run @return this builder */
        public Builder model(String name) {
            this.model = Optional.of(nonBlank(name, "model"));
            return this;
        }

        /** @param key one partition key in rocky's canonical form @return this builder */
        public Builder partition(String key) {
            this.partition = Optional.of(nonBlank(key, "partition key"));
            return this;
        }

        /**
         * @param first the first partition key (inclusive)
         * @param last the last partition key (inclusive)
         * @return this builder
         */
        public Builder range(String first, String last) {
            this.from = Optional.of(nonBlank(first, "--from"));
            this.to = Optional.of(nonBlank(last, "--to"));
            return this;
        }

        /** @return this builder, with {@code --latest} */
        public Builder latest() {
            this.latest = true;
            return this;
        }

        /** @return this builder, with {@code --missing} */
        public Builder missing() {
            this.missing = true;
            return this;
        }

        /** @param partitions how many earlier partitions to recompute (≥ 0) @return this builder */
        public Builder lookback(int partitions) {
            if (partitions < 0) {
                throw new IllegalArgumentException("lookback must be ≥ 0, got " + partitions);
            }
            this.lookback = OptionalInt.of(partitions);
            return this;
        }

        /** @param partitions how many partitions run at once (≥ 1) @return this builder */
        public Builder parallel(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("parallel must be ≥ 1, got " + partitions);
            }
            this.parallel = OptionalInt.of(partitions);
            return this;
        }

        /** @param suffix the shadow-table suffix, e.g. {@code _pr_42} @return this builder */
        public Builder shadowSuffix(String suffix) {
            this.shadowSuffix = Optional.of(nonBlank(suffix, "shadow suffix"));
            return this;
        }

        /** @param key an opaque deduplication key (masked in logs) @return this builder */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = Optional.of(secret(key, "idempotency key", key));
            return this;
        }

        /**
         * @param json a JSON object (masked in logs); checked before the process starts
         * @return this builder
         */
        public Builder governanceOverride(String json) {
            this.governanceOverride = Optional.of(secret(json, "governance override", json.replace('\n', ' ').replace('\r', ' ')));
            return this;
        }

        /** @param budget this call's time budget (positive) @return this builder */
        public Builder timeout(Duration budget) {
            if (budget.isZero() || budget.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, got " + budget);
            }
            this.timeout = Optional.of(budget);
            return this;
        }

        /**
         * {@code --defer}: models outside the selection resolve their unbuilt upstreams against the
         * production schema instead of being rebuilt ({@code rocky run} only).
         *
         * @param on whether to defer
         * @return this builder
         */
        public Builder defer(boolean on) {
            this.defer = on;
            return this;
        }

        /**
         * @param schema {@code --defer-to}: the schema to defer to ({@code rocky run} only)
         * @return this builder
         */
        public Builder deferTo(String schema) {
            this.deferTo = Optional.of(nonBlank(schema, "defer-to schema"));
            return this;
        }

        /**
         * @param runId {@code --resume <run_id>}: re-run what that run left failed ({@code rocky run} only)
         * @return this builder
         */
        public Builder resume(String runId) {
            this.resume = Optional.of(nonBlank(runId, "resume run id"));
            return this;
        }

        /**
         * @param on {@code --resume-latest}: resume the latest run ({@code rocky run} only)
         * @return this builder
         */
        public Builder resumeLatest(boolean on) {
            this.resumeLatest = on;
            return this;
        }

        /**
         * @param name {@code --env}: the environment whose {@code [mask.<env>]} overrides apply on top
         *     of the workspace {@code [mask]} (rocky run and rocky plan)
         * @return this builder
         */
        public Builder env(String name) {
            this.env = Optional.of(nonBlank(name, "env"));
            return this;
        }

        /** @param skipPlan {@code true} to call {@code rocky run} directly, without a plan @return this builder */
        public Builder fused(boolean skipPlan) {
            this.fused = skipPlan;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when more than one partition selection is set
         */
        public RunOptions build() {
            int selections = (partition.isPresent() ? 1 : 0) + (from.isPresent() ? 1 : 0) + (latest ? 1 : 0) + (missing ? 1 : 0);
            if (selections > 1) {
                throw new IllegalArgumentException("choose one partition selection: partition, from/to, latest or missing");
            }
            if (resume.isPresent() && resumeLatest) {
                throw new IllegalArgumentException("choose one of resume <run_id> and resume-latest");
            }
            return new RunOptions(this);
        }

        /**
         * A secret: checked as any argument (a JSON override may span lines: {@code checked} is the
         * value as the rule sees it) but never shown in the message.
         */
        private static String secret(String value, String what, String checked) {
            Objects.requireNonNull(value, what + " is null");
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " is blank");
            }
            Optional<String> problem = CliArgument.problem(checked);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(what + " (a secret, not shown) " + problem.get());
            }
            return value;
        }

        private static String nonBlank(String value, String what) {
            Objects.requireNonNull(value, what + " is null");
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " is blank");
            }
            return CliArgument.require(what, value);
        }
    }
}
