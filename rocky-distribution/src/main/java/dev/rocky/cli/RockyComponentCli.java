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
 * path, the models directory and the state, runs nothing). Exit codes: 0 ok, 1 failure (one line on
 * stderr: {@code rocky-component: error: <what failed, where, what to do> [ERROR_CODE]}), 2 usage
 * error.
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
        configureLogging(args);
        preload();
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The classes whose static initialisation dominates a short command's start-up after picocli:
     * the defs.yaml mapper, the state codec (it builds Jackson deserializers for every slot's DTOs)
     * and the TOML model reader. Each is initialised at most once per JVM, whichever thread gets
     * there first, so initialising them here never repeats work.
     */
    static final List<String> PRELOADED = List.of("dev.rocky.cli.config.DefsYamlLoader", "dev.rocky.process.json.JsonStateCodec",
            "dev.rocky.state.TomlModelCatalog", "com.google.inject.internal.InjectorImpl");

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
        CommandLine cl = new CommandLine(new RockyComponentCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            // The component's own messages are masked where they are made; this catches the environment's secrets by name.
            Secrets secrets = Secrets.fromEnvironment(System.getenv(), List.of());
            if (ex instanceof RockyException re) {
                err.println("rocky-component: error: " + secrets.redact(re.getMessage()) + " [" + re.code() + "]");
            } else {
                err.println("rocky-component: internal error: " + secrets.redact(String.valueOf(ex))
                        + "; please report it with the command you ran");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    private static void configureLogging(String[] args) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
