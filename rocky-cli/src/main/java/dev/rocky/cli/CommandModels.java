package dev.rocky.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's models of the root command and of {@code defs}, built with picocli's programmatic API
 * instead of read from annotations. Every command starts with the root's model, and {@code defs}
 * is the command run most often; reading a command's annotations costs a fresh JVM the reflection
 * on its fields and one generated proxy class per annotation type (no CDS or AOT archive keeps
 * them): about 60 ms of the example's {@code defs} on JDK 17. The other subcommands keep their
 * annotations, and are built only when named (see {@link RockyComponentCli}).
 *
 * <p>The models are what the annotations gave: the same names, types, defaults, labels,
 * descriptions, exit-code lists and footer, and picocli's standard help options as
 * {@code mixinStandardHelpOptions} adds them; the usage and every parse error read the same
 * ({@code CommandModelsTest} holds them to the text picocli printed from the annotations).
 */
final class CommandModels {

    /** picocli's description of {@code --help} (its {@code mixinStandardHelpOptions}). */
    private static final String HELP = "Show this help message and exit.";
    /** picocli's description of {@code --version} (its {@code mixinStandardHelpOptions}). */
    private static final String VERSION = "Print version information and exit.";

    private CommandModels() {
    }

    /**
     * @param command the root command's instance, whose {@code defs}, {@code verbose} and
     *     {@code spec} fields the model sets
     * @return the model of {@code rocky-component} without subcommands: {@code --defs},
     *     {@code -v/--verbose}, {@code -h/--help}, {@code -V/--version}, its description, exit
     *     codes and footer; its version is {@link RockyComponentCommand.Version}'s
     */
    static CommandSpec root(RockyComponentCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("rocky-component")
                .versionProvider(new RockyComponentCommand.Version());
        spec.usageMessage()
                .description("Turns a Rocky project into an asset graph from a cached state file.",
                        "`refresh` calls rocky once and caches what it reports; `defs` builds the graph from the cache and calls nothing.")
                .exitCodeListHeading("%nExit codes (every command):%n")
                .exitCodeList(exitCodes("0", "everything asked for was done",
                        "1", "nothing useful was done: a configuration error, a missing or unusable binary or config file, every rocky "
                                + "command failed, nothing materialized (one line on stderr says what failed, where, what to do, and a "
                                + "code such as [STATE_MISSING])",
                        "2", "usage error (unknown option, missing or malformed argument)",
                        "3", "partial: refresh wrote the state but a command failed or a source was not read; defs built the graph "
                                + "from such a state; materialize: some selected assets failed while others materialized"))
                .footer("%nExample:%n  rocky-component --defs examples/replication-basics/defs.yaml refresh",
                        "  rocky-component --defs examples/replication-basics/defs.yaml defs --format json",
                        "  rocky-component --defs examples/replication-basics/defs.yaml materialize --format jsonl");
        standardHelpOptions(spec);
        spec.addOption(bound(Path.class, OptionSpec.builder("--defs").paramLabel("<defs.yaml>").defaultValue("defs.yaml")
                .converters(PathArgument.INSTANCE)
                .description("The component's defs.yaml (default: ${DEFAULT-VALUE}). Relative paths in it resolve against its directory."),
                v -> command.defs = v));
        spec.addOption(bound(boolean.class, OptionSpec.builder("-v", "--verbose").initialValue(false)
                .description("Show progress and every line rocky prints on stderr."),
                (Boolean v) -> command.verbose = v));
        command.spec = spec;
        return spec;
    }

    /**
     * @param command the {@code defs} instance, whose {@code format}, {@code events}, {@code spec}
     *     and {@code parent} fields the model sets
     * @param parent the root command's instance
     * @return the model of {@code defs}: {@code --format}, {@code --events}, the help options, its
     *     description and exit codes
     */
    static CommandSpec defs(RockyComponentCommand.Defs command, RockyComponentCommand parent) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("defs");
        spec.usageMessage()
                .description("Build the asset graph from the state and print it. Calls nothing: run `refresh` first.",
                        "Warns on stderr when the state is stale (rocky.toml, models, contracts, attributes or binary changed since the "
                                + "refresh);",
                        "with fail_on_stale_state that is an error. Exit 3 when the state's refresh was partial (a command failed)",
                        "or the graph left tables out (a translator's invalid output, two tables on one asset key).")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes("0", "the graph was built from a state whose refresh was complete",
                        "1", "no graph: state missing, corrupt, stale (fail_on_stale_state) or unusable",
                        "2", "usage error",
                        "3", "the graph was printed, but the state's last refresh had failed commands or the graph left tables out "
                                + "(the warnings say which)"));
        standardHelpOptions(spec);
        spec.addOption(bound(RockyComponentCommand.Format.class, OptionSpec.builder("--format").paramLabel("text|json|mermaid|dot|html")
                .defaultValue("text")
                .description("Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); html is one self-contained page of "
                        + "the graph (`defs --format html > graph.html`)."),
                v -> command.format = v));
        spec.addOption(bound(Path.class, OptionSpec.builder("--events").paramLabel("FILE").converters(PathArgument.INSTANCE)
                .description("With --format html: colour each asset by its last outcome in this `materialize --format jsonl` output "
                        + "(materialized, failed, check failed, not run)."),
                v -> command.events = v));
        command.spec = spec;
        command.parent = parent;
        return spec;
    }

    /**
     * Adds {@code -h, --help} and {@code -V, --version} as picocli's
     * {@code mixinStandardHelpOptions} does: the same names, descriptions and resource-bundle keys.
     */
    private static void standardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
                .description(HELP).build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).descriptionKey("mixinStandardHelpOptions.version")
                .description(VERSION).build());
    }

    /**
     * @param type the option's type (picocli converts the argument to it: a path, an enum constant, a boolean)
     * @param option the option, but for its type and binding
     * @param field sets the command's field to the converted value
     * @return the option, its value kept and handed to {@code field}
     */
    private static <V> OptionSpec bound(Class<? super V> type, OptionSpec.Builder option, Consumer<V> field) {
        Binding<V> binding = new Binding<>(field);
        return option.type(type).getter(binding).setter(binding).build();
    }

    /** @return the exit codes and their meanings, {@code code, meaning, code, meaning, …}, in order */
    private static Map<String, String> exitCodes(String... codesAndMeanings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) {
            out.put(codesAndMeanings[i], codesAndMeanings[i + 1]);
        }
        return out;
    }

    /**
     * A path argument, converted as picocli's built-in converter for {@link Path} does
     * ({@code Paths.get(s)}, the same value, and the same text when the argument is no path:
     * {@code cannot convert '<arg>' to interface java.nio.file.Path (<the exception>)}), without
     * its reflective call: on JDK 18 and later the first {@code Method.invoke} generates four
     * method-handle classes on the main thread, about 6 ms of the example's {@code defs} on JDK 25.
     */
    static final class PathArgument implements ITypeConverter<Path> {

        /** The one instance; it keeps no state. */
        static final PathArgument INSTANCE = new PathArgument();

        private PathArgument() {
        }

        /**
         * @param argument the option's argument
         * @return the path it names, not resolved or checked against the file system
         * @throws TypeConversionException when the platform refuses it as a path (a NUL character on Linux)
         */
        @Override
        public Path convert(String argument) {
            try {
                return Path.of(argument);
            } catch (InvalidPathException e) {
                throw new TypeConversionException(String.format("cannot convert '%s' to %s (%s)", argument, Path.class, e));
            }
        }
    }

    /**
     * An option's value, set on the command's field too. picocli's getter and setter interfaces are
     * generic in the method, which a lambda cannot implement; the value is of the option's type, as
     * picocli converted it.
     *
     * @param <V> the option's type
     */
    private static final class Binding<V> implements ISetter, IGetter {
        private final Consumer<V> field;
        private V value;

        Binding(Consumer<V> field) {
            this.field = field;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            T previous = (T) value;
            value = (V) newValue;
            field.accept(value);
            return previous;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }
    }
}
