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
     * Runs the CLI and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        configureLogging();
        // SIGTERM, SIGINT, SIGHUP: the process layer kills every running rocky's group first; say what it killed.
        dev.rocky.process.CommonsExecCommandRunner.onShutdownKill(line -> {
            System.err.println("rocky-component: interrupted: " + line);
            System.err.flush();
        });
        if (usesTheComponent(args)) {
            preload();
        }
        CommandLine cl = newCommandLine(ConsoleLogSink.stderrIsConsole(), System.getenv(), named(args));
        ((RockyComponentCommand) cl.getCommand()).rawStdout = System.out;
        System.exit(cl.execute(args));
    }

    /**
     * @param args the command line
     * @return whether the command may build a component: not for {@code --help}, {@code --version}
     *     or no command at all, which only print picocli's text (preloading the component's classes
     *     there would compete with it for the CPU)
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
     * the defs.yaml mapper, the state codec's readers of the slots every state has (each builds the
     * Jackson deserializers of its slot's DTOs; the dag and lineage readers are built only for a
     * state that has those slots) and the TOML model reader. Each is initialised at most once per JVM, whichever thread gets
     * there first, so initialising them here never repeats work.
     */
    static final List<String> PRELOADED = List.of("dev.rocky.component.config.DefsYamlLoader",
            "dev.rocky.state.codec.JsonStateCodec$Discover", "dev.rocky.state.codec.JsonStateCodec$Compile",
            "dev.rocky.state.codec.JsonStateCodec$Optimize", "dev.rocky.state.TomlModelCatalog");

    /**
     * Initialises {@link #PRELOADED} on a daemon thread while the main thread builds picocli's model
     * of the command line: on a two-core machine that takes a third off {@code defs}' wall time. A
     * class that fails here fails again, with its real error, where the command uses it.
     */
    static void preload() {
        Thread t = new Thread(() -> {
            ClassLoader loader = RockyComponentCli.class.getClassLoader();
            for (String name : PRELOADED) {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    return;
                }
            }
        }, "rocky-component-preload");
        t.setDaemon(true);
        t.start();
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
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Class<?> c : RockyComponentCommand.SUBCOMMANDS) {
            names.add(c.getAnnotation(CommandLine.Command.class).name());
        }
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
     * @param liveProgress whether stderr is a console that shows a live progress line
     * @param environment the environment the commands see
     * @param only the subcommands to add (those the arguments name, so that picocli builds no
     *     other's model); empty for all
     * @return a configured picocli command line
     */
    static CommandLine newCommandLine(boolean liveProgress, java.util.Map<String, String> environment,
            java.util.Set<String> only) {
        RockyComponentCommand root = new RockyComponentCommand(liveProgress, environment);
        CommandLine cl = new CommandLine(root);
        for (Class<?> c : RockyComponentCommand.SUBCOMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            if (only.isEmpty() || only.contains(name)) {
                cl.addSubcommand(name, c);
            }
        }
        if (!only.isEmpty()) {
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

    private static void configureLogging() {
        // The component speaks through ConsoleLogSink; SLF4J carries only other libraries' warnings.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
