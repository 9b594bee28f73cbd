package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the distribution's class-data-sharing archive
 * ({@code target/rocky-component.jsa}, written by {@code mvn package} with
 * {@code -XX:ArchiveClassesAtExit}): refreshes the bundled {@code 01-replication-basics} project
 * against the in-process fake rocky, in a temporary directory, then runs the CLI's {@code defs}
 * (text, JSON, Mermaid), {@code validate}, {@code state versions} and {@code --help} on it, so that
 * the classes those commands load are in the archive. Silent when every command succeeds; prints
 * the failing command and exits non-zero otherwise, so a broken archive build is seen.
 *
 * <p>The class-data-sharing archive also holds every class of the modules that build the graph
 * ({@code rocky-core}, {@code rocky-translator}; {@link #loadGraphModules()}), whether the
 * example needs it or not: a class outside the archive is looked for along the class path, which
 * opens each of {@code lib/}'s jars before the one that holds it (a project whose pipeline has a
 * freshness check loaded {@code PartitionRules} that way, opening 19 jars mid-command).
 *
 * <p>The JDK 24+ AOT cache ({@code target/rocky-component.aot}) is recorded in two steps, since
 * such a cache loads every class it holds at start-up: {@code --prepare <dir>} refreshes the
 * project in a JVM that records nothing and prints its defs.yaml; {@code --commands <defs.yaml>}
 * then runs only the CLI's commands, so the cache holds what a user's command loads and none of
 * the fake's classes.
 *
 * <p>The recording JVMs start the jar as {@code bin/rocky-component} does ({@code java -jar}, with
 * {@code -D}{@value #PROPERTY}{@code =true}, which has {@link RockyComponentCli#main} run this
 * instead of a command): the JVM then applies the jar's manifest ({@code Add-Opens}), and the
 * classes that loads are recorded too. Started as a class on a class path instead and given
 * {@code --add-opens} on its command line, a JVM writes a class-data archive without the full
 * module graph (a JDK 17 start then builds it itself) and an AOT cache that JDK 25 refuses at
 * every start without the same option.
 */
public final class CdsTraining {

    /** The system property that has {@link RockyComponentCli#main} run the training. */
    static final String PROPERTY = "rocky.startup.training";
    /** How long the training waits for its project's files to settle: the fingerprint's racy window and a margin. */
    private static final long SETTLE_MILLIS = dev.rocky.state.ProjectFingerprint.RACY_WINDOW_MILLIS + 100;

    private CdsTraining() {
    }

    /**
     * {@link #main}, from {@link RockyComponentCli#main}: exits 1 saying why when the temporary
     * project cannot be written.
     *
     * @param args as {@link #main}'s
     */
    static void run(String[] args) {
        try {
            main(args);
        } catch (IOException e) {
            System.err.println("rocky-component start-up training: " + e);
            System.exit(1);
        }
    }

    /**
     * @param args none for the class-data-sharing training; {@code --prepare <dir>} or
     *     {@code --commands <defs.yaml>} for the AOT cache's two steps
     * @throws IOException when the temporary project cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--prepare")) {
            // The AOT cache's first step, in a JVM that records nothing: a refreshed project to run the commands on.
            System.out.println(prepare(Files.createDirectories(Path.of(args[1]))));
            return;
        }
        if (args.length == 2 && args[0].equals("--commands")) {
            // The AOT cache's recording: only what a user's command loads, none of the fake's classes.
            commands(Path.of(args[1]));
            System.exit(0); // as main ends: see commands
        }
        Path dir = Files.createTempDirectory("rocky-cds-training");
        try {
            commands(prepare(dir));
            loadGraphModules();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                // a temporary directory: best effort
            }
        }
        System.exit(0); // as main ends: see commands
    }

    /**
     * Loads (without initialising) every class of {@code rocky-core} and {@code rocky-translator}
     * (their packages, {@code dev.rocky.core} and {@code dev.rocky.translator}, in the jar or
     * directory that holds each: only those, should that be a self-contained jar), which depend
     * on nothing else, so the archive holds them all: the graph of a project unlike the example
     * (partitions, tenants, DAG mode, derived models, checks) then needs no class from the class
     * path. Exits 1 naming a class that cannot be loaded.
     */
    private static void loadGraphModules() throws IOException {
        for (Class<?> anchor : List.of(dev.rocky.core.spec.Definitions.class, dev.rocky.translator.DefaultRockyTranslator.class)) {
            String module = anchor.getName().startsWith("dev.rocky.core.") ? "dev.rocky.core." : "dev.rocky.translator.";
            Path source;
            try {
                source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException | RuntimeException e) {
                System.err.println("rocky-component start-up training: cannot locate the classes of " + anchor.getName() + ": " + e);
                System.exit(1);
                return;
            }
            for (String name : classNames(source)) {
                if (!name.startsWith(module)) {
                    continue;
                }
                try {
                    Class.forName(name, false, CdsTraining.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    System.err.println("rocky-component start-up training: cannot load " + name + " from " + source + ": " + e);
                    System.exit(1);
                }
            }
        }
    }

    /** @return the binary names of the classes in a jar or a classes directory (no module or package descriptors) */
    static List<String> classNames(Path source) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> names.add(source.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(source.toFile())) {
                jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(names::add);
            }
        }
        List<String> binary = new java.util.ArrayList<>();
        for (String entry : names) {
            if (entry.startsWith("META-INF/") || entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
                continue;
            }
            binary.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
        binary.sort(null);
        return binary;
    }

    /** Refreshes the bundled project against the in-process fake rocky in {@code dir}; returns its defs.yaml. */
    private static Path prepare(Path dir) throws IOException {
        FakeRocky.Builder project = FakeRocky.forBundledProject("01-replication-basics", dir);
        FakeRocky rocky = project.build();
        Path defs = Files.writeString(project.projectDir().resolve("defs.yaml"),
                "# comments, as most defs.yaml files have (snakeyaml loads its comment classes on the first)\n"
                + "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: rocky\n  models_dir: models\n");
        // Silent on success: the refresh's progress goes nowhere; a failure still throws.
        RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(rocky).logSink(dev.rocky.core.port.LogSink.NONE).build()
                .refresh();
        // A user's model files were modified and changed before the fingerprint's racy window, so their digests and
        // the tree's listing are kept: the same here. A change time cannot be set back, so the training waits it out.
        java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        try (Stream<Path> files = Files.walk(project.projectDir().resolve("models"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(f, hourAgo);
            }
        }
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the training project's files settle", e);
        }
        return defs;
    }

    /**
     * Runs the CLI's read-only commands on a refreshed project, in this JVM, as {@code main} does
     * (its process settings, its shutdown hook, its preload of the component's classes, its look
     * for a rendered usage, JSON written as bytes); exits 1 naming a command that failed. The caller
     * then ends with {@code System.exit}, which on JDK 21 and later looks up its logger as the CLI's
     * exit does, so the classes of that lookup are in the archive too.
     */
    private static void commands(Path defs) {
        RockyComponentCli.configureProcess();
        RockyComponentCli.sayWhatAShutdownKills();
        RockyComponentCli.preload();
        List<List<String>> commands = List.of(List.of("defs", "--format", "json"), List.of("defs"),
                List.of("defs", "--format", "mermaid"), List.of("--help"));
        for (List<String> command : commands) {
            String[] argv = Stream.concat(Stream.of("--defs", defs.toString()), command.stream()).toArray(String[]::new);
            UsageCache.forArguments(argv); // as main asks first (empty for these arguments)
            CommandLine cl = RockyComponentCli.forArguments(false, System.getenv(), argv);
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(err));
            ((RockyComponentCommand) cl.getCommand()).rawStdout = java.io.OutputStream.nullOutputStream();
            int exit = cl.execute(argv);
            if (exit != 0) {
                System.err.println("rocky-component start-up training: `" + String.join(" ", command) + "` exited " + exit + ": " + err);
                System.exit(1);
            }
        }
    }
}
