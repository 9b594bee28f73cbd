package dev.rocky.testkit;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives each test a fresh copy of a Rocky project and a fake rocky that
 * answers from it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("01-replication-basics")
 *         .withFailure("run", new Fault.RunPartialFailure());
 *
 * @Test
 * void discoversOrders() {
 *     assertThat(rocky.cli().discover().value().sources()).hasSize(1);
 *     assertThat(rocky.fake().invocations("discover")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Before each test the project is copied into a new temporary directory (so {@code plan} files
 * and state never leak between tests) and the fake is built; after it the directory is deleted.
 * Works registered on a static or an instance field.
 */
public final class FakeRockyExtension implements BeforeEachCallback, AfterEachCallback {

    private final Optional<String> bundled;
    private final Optional<Path> sourceDir;
    private final List<UnaryOperator<FakeRocky.Builder>> configuration = new ArrayList<>();
    private Path tempDir;
    private Path projectDir;
    private FakeRocky fake;

    private FakeRockyExtension(Optional<String> bundled, Optional<Path> sourceDir) {
        this.bundled = bundled;
        this.sourceDir = sourceDir;
    }

    /**
     * @param name a project bundled in rocky-contract, e.g. {@code 07-dagster-dag-mode}; its
     *     recordings of the real binary are replayed where they exist
     * @return the extension
     * @throws IllegalArgumentException when no such project is bundled
     */
    public static FakeRockyExtension forBundledProject(String name) {
        if (!RockyContract.projects().contains(name)) {
            throw new IllegalArgumentException("no bundled project '" + name + "'; bundled: " + RockyContract.projects());
        }
        return new FakeRockyExtension(Optional.of(name), Optional.empty());
    }

    /**
     * @param dir a project directory of your own; it is copied, never written to
     * @return the extension
     */
    public static FakeRockyExtension forProject(Path dir) {
        return new FakeRockyExtension(Optional.empty(), Optional.of(dir));
    }

    /**
     * @param subcommand the subcommand that misbehaves, or {@code *}
     * @param fault how
     * @return this extension
     */
    public FakeRockyExtension withFailure(String subcommand, Fault fault) {
        configuration.add(b -> b.withFailure(subcommand, fault));
        return this;
    }

    /**
     * @param fault a fault, applied to its default subcommand or to every one
     * @return this extension
     */
    public FakeRockyExtension withFailure(Fault fault) {
        configuration.add(b -> b.withFailure(fault));
        return this;
    }

    /**
     * @param step any further configuration of the fake's builder
     * @return this extension
     */
    public FakeRockyExtension configure(UnaryOperator<FakeRocky.Builder> step) {
        configuration.add(Objects.requireNonNull(step, "step is null"));
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tempDir = Files.createTempDirectory("rocky-testkit-");
        FakeRocky.Builder builder;
        if (bundled.isPresent()) {
            builder = FakeRocky.forBundledProject(bundled.get(), tempDir);
        } else {
            Path target = tempDir.resolve(sourceDir.orElseThrow().getFileName().toString());
            copy(sourceDir.get(), target);
            builder = FakeRocky.forProject(target);
        }
        for (UnaryOperator<FakeRocky.Builder> step : configuration) {
            builder = step.apply(builder);
        }
        projectDir = builder.projectDir();
        fake = builder.build();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (tempDir != null) {
            TestkitFiles.delete(tempDir);
        }
        tempDir = null;
        projectDir = null;
        fake = null;
    }

    /** @return this test's fake (a {@code CommandRunner}) */
    public FakeRocky fake() {
        return require(fake);
    }

    /** @return this test's copy of the project */
    public Path projectDir() {
        return require(projectDir);
    }

    /** @return the production {@code ProcessRockyCli} over this test's fake, binary {@code rocky}, 60 s timeout */
    public ProcessRockyCli cli() {
        return new ProcessRockyCli(RockyCliSettings.defaults("rocky", projectDir()).withTimeout(Duration.ofSeconds(60)), fake(),
                LogSink.NONE);
    }

    /**
     * The library's component for this test's project, running rocky through this test's fake: one
     * call from a test to a refresh, a load or a materialization.
     *
     * <pre>{@code
     * RockyComponent component = rocky.component();
     * component.refresh();
     * assertThat(component.definitions().assets()).isNotEmpty();
     * }</pre>
     *
     * @return the component over the project's {@code defs.yaml} (written with
     *     {@code binary_path: rocky} and {@code models_dir: models} when the project has none)
     * @throws dev.rocky.core.error.RockyException when the project's defs.yaml is invalid
     */
    public RockyComponent component() {
        return componentBuilder().build();
    }

    /**
     * {@link #component()} with more to set: the builder already runs rocky through this test's fake;
     * set a translator, a log sink, a clock or anything else on it, then {@code build()}.
     *
     * @param attributes defs.yaml attributes as YAML lines, e.g. {@code "dag_mode: true"}, written
     *     into the project's defs.yaml (replacing one that exists); none keeps the project's own
     *     defs.yaml, or writes the defaults
     * @return a builder for the component
     * @throws dev.rocky.core.error.RockyException when the resulting defs.yaml is invalid
     */
    public RockyComponent.Builder componentBuilder(String... attributes) {
        Path defs = ComponentDefs.write(projectDir(), List.of(attributes));
        return RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(fake());
    }

    /**
     * Installs the executable fake for this test's project, with the same faults.
     *
     * @return the launcher, in this test's temporary directory
     */
    public Path installExecutable() {
        Path scenario = require(tempDir).resolve("scenario.properties");
        FakeRocky.Builder builder = FakeRocky.forProject(projectDir());
        for (UnaryOperator<FakeRocky.Builder> step : configuration) {
            builder = step.apply(builder);
        }
        builder.scenario().write(scenario);
        return FakeRockyExecutable.install(tempDir.resolve("bin"), Optional.empty(), Optional.of(projectDir()), Optional.of(scenario));
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("the fake rocky exists only while a test runs; register FakeRockyExtension with @RegisterExtension");
        }
        return value;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("project directory " + from + " does not exist");
        }
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
