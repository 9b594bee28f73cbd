package dev.rocky.cli;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.Secrets;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code rocky-component}: refresh a Rocky project's cached state and print its asset graph. The
 * entry point of the distribution's runnable jar and of {@code bin/rocky-component}.
 *
 * <p>Commands: {@code refresh} (calls rocky, writes the state), {@code defs [--format text|json]}
 * (builds the graph from the state, calls nothing), {@code validate} (checks defs.yaml, the binary's
 * path, the models directory and the state, runs nothing). Exit codes: 0 everything asked for was
 * done; 1 nothing useful was done (one line on stderr: {@code rocky-component: error: <what failed,
 * where, what to do> [ERROR_CODE]}); 2 usage error; 3 partial (a refresh that kept some slots, a
 * graph built from such a state, a materialization where some assets failed).
 */
public final class RockyComponentCli {

    private RockyComponentCli() {
    }

    /**
     * Runs the CLI and exits the JVM with its exit code. With the system property
     * {@code rocky.startup.training=true} (set only by the build's archive recordings), runs the
     * start-up training instead ({@link CdsTraining}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (Boolean.getBoolean(CdsTraining.PROPERTY)) {
            // The build's start-up training, run as a user runs the CLI (java -jar), so that what the jar's manifest
            // makes the JVM do (its Add-Opens) is in the archive or cache it records.
            CdsTraining.run(args);
            return;
        }
        configureProcess();
        java.util.Optional<String> usage = UsageCache.forArguments(args);
        if (usage.isPresent()) {
            // The root usage as picocli rendered it at build time, for exactly these conditions. Nothing on this path
            // registers a shutdown hook or a file to delete on exit, so the JVM halts: System.exit would first look up
            // the logger the JDK (21+) logs exits with, a search of every jar on the class path.
            System.out.print(usage.get());
            System.out.flush();
            Runtime.getRuntime().halt(0); // as picocli, which exits 0 after the usage whatever became of stdout
        }
        if (usesTheComponent(args)) {
            sayWhatAShutdownKills();
            preload();
        }
        CommandLine cl = forArguments(ConsoleLogSink.stderrIsConsole(), System.getenv(), args);
        ((RockyComponentCommand) cl.getCommand()).rawStdout = System.out;
        System.exit(cl.execute(args));
    }

    /**
     * On SIGTERM, SIGINT or SIGHUP the process layer kills every running rocky's process group
     * first; this has it say on stderr what it killed ({@code rocky-component: interrupted: …}).
     * The CDS training calls it too, so that its lambda is in the archive rather than spun at start.
     */
    static void sayWhatAShutdownKills() {
        dev.rocky.process.CommonsExecCommandRunner.onShutdownKill(line -> {
            System.err.println("rocky-component: interrupted: " + line);
            System.err.flush();
        });
    }

    /**
     * @param args the command line
     * @return whether the command may build a component (and run rocky): not for {@code --help},
     *     {@code --version} or no command at all, which only print picocli's text (preloading the
     *     component's classes there would compete with it for the CPU, and no process needs the
     *     shutdown kill)
     */
    static boolean usesTheComponent(String[] args) {
        if (args.length == 0) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version") || a.equals("help")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The classes whose static initialisation dominates a short command's start-up after picocli:
     * the defs.yaml loader (its YAML parser factory and snakeyaml's classes), the state codec (its
     * parser factory; the slots every state has are bound by {@code SlotReader} and no mapper is
     * made, the dag and lineage readers only for a state that has those slots) and the TOML model
     * reader. Each is initialised at most once per JVM, whichever thread gets there first, so
     * initialising them here never repeats work.
     */
    static final List<String> PRELOADED = List.of("dev.rocky.component.config.DefsYamlLoader",
            "dev.rocky.state.codec.JsonStateCodec", "dev.rocky.state.TomlModelCatalog");

    /**
     * The service file every component's load looks up (the translator plugins,
     * {@code TranslatorPlugins}): a lookup that reads every jar of the class path.
     */
    static final String PLUGIN_SERVICES = "META-INF/services/" + dev.rocky.translator.spi.RockyTranslatorFactory.class.getName();

    /**
     * Initialises {@link #PRELOADED} on a daemon thread while the main thread builds picocli's model
     * of the command line: on a two-core machine that takes a third off {@code defs}' wall time. A
     * class that fails here fails again, with its real error, where the command uses it. The same
     * thread then reads a small YAML document ({@code DefsYamlLoader.warmUp}) and hashes 64 bytes
     * with SHA-256, the digest the state's staleness check fingerprints the project with, and parses
     * an instant as the state's {@code written_at} is parsed: the parser's classes, the security
     * providers, the digest's byte-array views and {@code java.time}'s formatters (whose
     * initialiser builds about fifteen) are then loaded and initialised off the command's critical
     * path. A second daemon thread reads the launcher's class-path index
     * ({@link dev.rocky.translator.ClasspathServiceIndex}); when it proves that no jar lists
     * {@link #PLUGIN_SERVICES}, the plugin lookup will not search the class path and the thread is
     * done. Otherwise it lists that file on the class path, which opens each of its jars (about 70
     * in the distribution, some 30 ms): the component's plugin lookup then finds them open. Nothing
     * it finds is kept; a failure there is the lookup's to report.
     *
     * @return the preload thread (the class-path listing's is not returned); started, a daemon
     */
    static Thread preload() {
        Thread t = new Thread(() -> {
            ClassLoader loader = RockyComponentCli.class.getClassLoader();
            for (String name : PRELOADED) {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    return;
                }
            }
            try {
                // The YAML parser's classes, the state fingerprint's digest (its security providers), then the
                // java.time formatters the state's written_at is parsed with (DateTimeFormatter's initialiser).
                dev.rocky.component.config.DefsYamlLoader.warmUp();
                java.security.MessageDigest.getInstance("SHA-256").digest(new byte[64]);
                java.time.Instant.parse("2026-01-01T00:00:00Z");
            } catch (java.security.NoSuchAlgorithmException | RuntimeException | LinkageError e) {
                // where the command reads defs.yaml, fingerprints the project or reads the state, the same failure is reported
            }
        }, "rocky-component-preload");
        t.setDaemon(true);
        t.start();
        Thread scan = new Thread(() -> {
            ClassLoader loader = RockyComponentCli.class.getClassLoader();
            java.util.Optional<dev.rocky.translator.ClasspathServiceIndex> index = dev.rocky.translator.ClasspathServiceIndex.forThisProcess();
            if (index.isPresent() && index.get().provesAbsent(loader, PLUGIN_SERVICES)) {
                return; // the launcher's index, checked against the jars, says none lists it: the lookup will not open them
            }
            try {
                java.util.Enumeration<java.net.URL> found = loader.getResources(PLUGIN_SERVICES);
                while (found.hasMoreElements()) {
                    found.nextElement();
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the plugin lookup reads the same files and reports what fails there
            }
        }, "rocky-component-classpath");
        scan.setDaemon(true);
        scan.start();
        return t;
    }

    /**
     * @return a configured picocli command line (exception handling, exit codes); tests call
     *     {@code execute} on it with their own out and err writers
     */
    public static CommandLine newCommandLine() {
        return newCommandLine(false);
    }

    /**
     * @param liveProgress whether stderr is a console that shows a live progress line
     * @return a configured picocli command line
     */
    static CommandLine newCommandLine(boolean liveProgress) {
        return newCommandLine(liveProgress, System.getenv());
    }

    /**
     * @param environment the environment the commands see instead of the process's (tests)
     * @return a configured picocli command line
     */
    static CommandLine newCommandLine(java.util.Map<String, String> environment) {
        return newCommandLine(false, environment);
    }

    private static CommandLine newCommandLine(boolean liveProgress, java.util.Map<String, String> environment) {
        return newCommandLine(liveProgress, environment, java.util.Set.of());
    }

    /**
     * @param args the command line
     * @return the subcommand names among the arguments (usually one); empty when none is named or
     *     the root's {@code --help} or {@code --version} comes first, and the usage then lists
     *     every subcommand
     */
    static java.util.Set<String> named(String[] args) {
        java.util.Set<String> names = RockyComponentCommand.SUBCOMMANDS.keySet();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String a : args) {
            if (named.isEmpty() && (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"))) {
                return java.util.Set.of(); // the root's own help or version: its usage lists every subcommand
            }
            if (names.contains(a)) {
                named.add(a);
            }
        }
        return named;
    }

    /**
     * The command line {@code main} runs {@code args} with: only the subcommands the arguments name;
     * when they name none (the root's usage, {@code --help}, {@code --version} before a subcommand),
     * every subcommand as the usage lists it ({@link #summary}), so that picocli builds no
     * subcommand's options; for {@code --version} or {@code -V} alone, none.
     *
     * @param liveProgress whether stderr is a console that shows a live progress line
     * @param environment the environment the commands see
     * @param args the command line
     * @return a configured picocli command line that answers {@code args} as the full one does
     */
    static CommandLine forArguments(boolean liveProgress, java.util.Map<String, String> environment, String[] args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            // The version alone prints no usage: no subcommand is added, not even a summary (each reads an annotation).
            return newCommandLine(liveProgress, environment, java.util.Set.of(args[0]), false);
        }
        java.util.Set<String> named = named(args);
        return named.isEmpty() ? newCommandLine(liveProgress, environment, java.util.Set.of(), true)
                : newCommandLine(liveProgress, environment, named, false);
    }

    /**
     * @param liveProgress whether stderr is a console that shows a live progress line
     * @param environment the environment the commands see
     * @param only the subcommands to add (those the arguments name, so that picocli builds no
     *     other's model); empty for all, a set that names none for none
     * @return a configured picocli command line
     */
    static CommandLine newCommandLine(boolean liveProgress, java.util.Map<String, String> environment,
            java.util.Set<String> only) {
        return newCommandLine(liveProgress, environment, only, false);
    }

    /**
     * A subcommand as the root's usage lists it: its name, aliases, header, description and
     * whether it is hidden, from its model ({@code defs}) or its {@code @Command}; none of an
     * annotated subcommand's options, which picocli reads from the annotations of every field
     * (about 45 ms of {@code --help} for all ten).
     */
    private static CommandLine.Model.CommandSpec summary(String name, Class<?> type) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(name);
        if (type == RockyComponentCommand.Defs.class) {
            CommandLine.Model.UsageMessageSpec usage = CommandModels.defs(new RockyComponentCommand.Defs(), null).usageMessage();
            spec.usageMessage().header(usage.header()).description(usage.description()).hidden(usage.hidden());
            return spec;
        }
        CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
        spec.aliases(command.aliases());
        spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
        return spec;
    }

    private static CommandLine newCommandLine(boolean liveProgress, java.util.Map<String, String> environment,
            java.util.Set<String> only, boolean summaries) {
        RockyComponentCommand root = new RockyComponentCommand(liveProgress, environment);
        CommandLine cl = new CommandLine(CommandModels.root(root));
        RockyComponentCommand.SUBCOMMANDS.forEach((name, c) -> {
            if (summaries) {
                cl.addSubcommand(name, summary(name, c));
            } else if (c == RockyComponentCommand.Defs.class && (only.isEmpty() || only.contains(name))) {
                cl.addSubcommand(name, CommandModels.defs(new RockyComponentCommand.Defs(), root));
            } else if (only.isEmpty() || only.contains(name)) {
                cl.addSubcommand(name, c);
            }
        });
        if (summaries) {
            // A summary never runs: arguments that reach one (`--version defs`) are answered by the whole command line.
            CommandLine.IExecutionStrategy usage = cl.getExecutionStrategy();
            cl.setExecutionStrategy(parseResult -> {
                if (!parseResult.hasSubcommand()) {
                    return usage.execute(parseResult);
                }
                CommandLine full = newCommandLine(liveProgress, environment, java.util.Set.of());
                full.setOut(cl.getOut());
                full.setErr(cl.getErr());
                return full.execute(parseResult.originalArgs().toArray(new String[0]));
            });
        }
        if (!only.isEmpty() || summaries) {
            // A usage error shows the usage, which lists every subcommand: answer it from the whole command line.
            cl.setParameterExceptionHandler((ex, args) -> {
                CommandLine full = newCommandLine(liveProgress, environment, java.util.Set.of());
                full.setOut(cl.getOut());
                full.setErr(cl.getErr());
                return full.execute(args);
            });
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            root.finishConsole();
            PrintWriter err = commandLine.getErr();
            // The component's own messages are masked where they are made; this catches the environment's secrets by name.
            Secrets secrets = Secrets.fromEnvironment(System.getenv(), List.of());
            if (ex instanceof RockyException re) {
                err.println("rocky-component: error: " + ConsoleLogSink.printable(secrets.redact(re.getMessage())) + " [" + re.code() + "]");
            } else {
                err.println("rocky-component: internal error: " + secrets.redact(String.valueOf(ex))
                        + "; please report it with the command you ran");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * The process-wide settings {@code main} (and the start-up training) make before anything else:
     * SLF4J's simple logger for other libraries' warnings, picocli's default factory told not to
     * look for Groovy's {@code Closure} class, a miss that opens every jar of the class path (about
     * 70 in the distribution, some 30 ms of each start), and picocli told not to register the
     * converters no option uses ({@link #UNUSED_CONVERTERS}).
     */
    static void configureProcess() {
        configureLogging();
        System.setProperty("picocli.disable.closures", "true");
        if (System.getProperty(CONVERTERS_EXCLUDES) == null) {
            System.setProperty(CONVERTERS_EXCLUDES, UNUSED_CONVERTERS);
        }
    }

    /** picocli's system property: a comma-separated list of regular expressions, types whose built-in converter it does not register. */
    static final String CONVERTERS_EXCLUDES = "picocli.converters.excludes";

    /**
     * The types {@link #configureProcess} has picocli register no built-in converter for (unless
     * {@value #CONVERTERS_EXCLUDES} is set already): {@code java.sql} and {@code java.time}, which
     * no option of this CLI takes ({@code CommandModelsTest} holds every option to that). picocli
     * registers them for every command line it makes by looking each type up, which initialises it
     * (and, for the {@code java.time} types, builds their date-time formatters) and reflects on its
     * {@code parse} method: about 20 ms of the main thread on JDK 17. The formatters are still
     * needed (the state's {@code written_at}); {@link #preload} makes them off the main thread.
     */
    static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..*";

    private static void configureLogging() {
        // The component speaks through ConsoleLogSink; SLF4J carries only other libraries' warnings.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
