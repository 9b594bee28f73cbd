package dev.rocky.core.report;

import dev.rocky.core.run.CliArgument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A schema-less rocky command and its argv, built as the SDK builds it (rocky_sdk client.py), so
 * {@link dev.rocky.core.port.RockyCli#raw} can run it. Each factory checks its values with the
 * {@link CliArgument} rule (no value that rocky would read as an option).
 *
 * @param argv the argv after the global flags
 * @param json whether rocky prints one JSON document (false for {@code hooks}, which prints text)
 * @param partialReport whether a non-zero exit with a JSON document is a report, not an error
 *     ({@code product verify}, as the SDK's {@code allow_partial})
 */
public record RawCommand(List<String> argv, boolean json, boolean partialReport) {

    /** Copies; rejects {@code null}. */
    public RawCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a subcommand");
        }
    }

    private static RawCommand json(String... argv) {
        return new RawCommand(List.of(argv), true, false);
    }

    private static String v(String what, String value) {
        Objects.requireNonNull(value, what + " is null");
        return CliArgument.require(what, value);
    }

    /**
     * @param modelsDir {@code --models}
     * @return {@code rocky catalog --models <dir>}: the project-wide lineage snapshot
     */
    public static RawCommand catalog(String modelsDir) {
        return json("catalog", "--models", v("models directory", modelsDir));
    }

    /**
     * @param branch the branch
     * @return {@code rocky branch approve <branch>}
     */
    public static RawCommand branchApprove(String branch) {
        return json("branch", "approve", v("branch", branch));
    }

    /**
     * @param branch the branch
     * @return {@code rocky branch promote <branch>}
     */
    public static RawCommand branchPromote(String branch) {
        return json("branch", "promote", v("branch", branch));
    }

    /**
     * @param name the plan to promote
     * @param base {@code --base}
     * @param modelsDir {@code --models}
     * @param allowBreaking {@code --allow-breaking}
     * @param filter {@code --filter}, when given
     * @return {@code rocky plan promote <name> --base <base> --models <dir> [--allow-breaking] [--filter k=v]}
     */
    public static RawCommand planPromote(String name, String base, String modelsDir, boolean allowBreaking, Optional<String> filter) {
        List<String> a = new ArrayList<>(List.of("plan", "promote", v("plan name", name), "--base", v("base", base), "--models",
                v("models directory", modelsDir)));
        if (allowBreaking) {
            a.add("--allow-breaking");
        }
        filter.ifPresent(f -> a.addAll(List.of("--filter", v("filter", f))));
        return new RawCommand(a, true, false);
    }

    /** The {@code rocky product} verbs. */
    public enum ProductVerb {
        /** {@code verify}: a non-pass status exits 1 or 2 with the report printed. */
        VERIFY,
        /** {@code compile}. */
        COMPILE,
        /** {@code approve}. */
        APPROVE,
        /** {@code status}. */
        STATUS,
        /** {@code journal}. */
        JOURNAL
    }

    /**
     * @param verb what to do
     * @param product the product
     * @return {@code rocky product <verb> <product>}
     */
    public static RawCommand product(ProductVerb verb, String product) {
        return new RawCommand(List.of("product", verb.name().toLowerCase(java.util.Locale.ROOT), v("product", product)), true,
                verb == ProductVerb.VERIFY);
    }

    /** @return {@code rocky product list} */
    public static RawCommand productList() {
        return json("product", "list");
    }

    /**
     * @param intent what the model should do, in words
     * @param format {@code --format} ({@code rocky} or {@code sql})
     * @param modelsDir {@code --models}
     * @return {@code rocky ai <intent> --format <f> --models <dir>}
     */
    public static RawCommand ai(String intent, String format, String modelsDir) {
        return json("ai", v("intent", intent), "--format", v("format", format), "--models", v("models directory", modelsDir));
    }

    /**
     * @param modelsDir {@code --models}
     * @param apply {@code --apply}
     * @param model {@code --model}, when given
     * @param withIntent {@code --with-intent}
     * @return {@code rocky ai-sync --models <dir> [--apply] [--model m] [--with-intent]}
     */
    public static RawCommand aiSync(String modelsDir, boolean apply, Optional<String> model, boolean withIntent) {
        List<String> a = new ArrayList<>(List.of("ai-sync", "--models", v("models directory", modelsDir)));
        if (apply) {
            a.add("--apply");
        }
        model.ifPresent(m -> a.addAll(List.of("--model", v("model", m))));
        if (withIntent) {
            a.add("--with-intent");
        }
        return new RawCommand(a, true, false);
    }

    /**
     * @param verb {@code ai-explain} or {@code ai-test}
     * @param modelsDir {@code --models}
     * @param model one model, when given
     * @param all {@code --all}
     * @param save {@code --save}
     * @return {@code rocky <verb> --models <dir> [model] [--all] [--save]}
     */
    public static RawCommand aiModels(String verb, String modelsDir, Optional<String> model, boolean all, boolean save) {
        if (!verb.equals("ai-explain") && !verb.equals("ai-test")) {
            throw new IllegalArgumentException("verb must be ai-explain or ai-test, not '" + verb + "'");
        }
        List<String> a = new ArrayList<>(List.of(verb, "--models", v("models directory", modelsDir)));
        model.ifPresent(m -> a.add(v("model", m)));
        if (all) {
            a.add("--all");
        }
        if (save) {
            a.add("--save");
        }
        return new RawCommand(a, true, false);
    }

    /**
     * @param model the model
     * @param modelsDir {@code --models}
     * @param save {@code --save}
     * @return {@code rocky ai-contract <model> --models <dir> [--save]}
     */
    public static RawCommand aiContract(String model, String modelsDir, boolean save) {
        List<String> a = new ArrayList<>(List.of("ai-contract", v("model", model), "--models", v("models directory", modelsDir)));
        if (save) {
            a.add("--save");
        }
        return new RawCommand(a, true, false);
    }

    /** @return {@code rocky hooks list} (text) */
    public static RawCommand hooksList() {
        return new RawCommand(List.of("hooks", "list"), false, false);
    }

    /**
     * @param event the hook event to fire
     * @return {@code rocky hooks test <event>} (text)
     */
    public static RawCommand hooksTest(String event) {
        return new RawCommand(List.of("hooks", "test", v("event", event)), false, false);
    }

    /**
     * @param dbtProject {@code --dbt-project}
     * @param rockyProject {@code --rocky-project}, when given
     * @param sampleSize {@code --sample-size}, when given
     * @return {@code rocky validate-migration --dbt-project <p> [--rocky-project r] [--sample-size n]}
     */
    public static RawCommand validateMigration(String dbtProject, Optional<String> rockyProject, Optional<Integer> sampleSize) {
        List<String> a = new ArrayList<>(List.of("validate-migration", "--dbt-project", v("dbt project", dbtProject)));
        rockyProject.ifPresent(r -> a.addAll(List.of("--rocky-project", v("rocky project", r))));
        sampleSize.ifPresent(n -> {
            if (n <= 0) {
                throw new IllegalArgumentException("sample size must be positive, got " + n);
            }
            a.addAll(List.of("--sample-size", Integer.toString(n)));
        });
        return new RawCommand(a, true, false);
    }

    /**
     * @param adapter {@code --adapter}, when given
     * @param command {@code --command}, when given
     * @return {@code rocky test-adapter [--adapter a] [--command c]}
     */
    public static RawCommand testAdapter(Optional<String> adapter, Optional<String> command) {
        List<String> a = new ArrayList<>(List.of("test-adapter"));
        adapter.ifPresent(x -> a.addAll(List.of("--adapter", v("adapter", x))));
        command.ifPresent(x -> a.addAll(List.of("--command", v("command", x))));
        return new RawCommand(a, true, false);
    }
}
