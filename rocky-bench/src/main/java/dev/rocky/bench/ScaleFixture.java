package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.ScaleProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@link ScaleProject} of a given size, written to a temporary directory and refreshed once with
 * the in-process project-model fake, so that its state file is what a real refresh writes.
 *
 * @param dir the temporary directory holding the project (deleted by {@link #delete()})
 * @param project the project directory, with its {@code defs.yaml}
 * @param component the component loading it, wired to the fake; {@code null} once {@link #released()}
 * @param rocky the fake rocky the component runs; {@code null} once {@link #released()}
 * @param stateFile the state file the refresh wrote
 */
record ScaleFixture(Path dir, Path project, RockyComponent component, FakeRocky rocky, Path stateFile) {

    /**
     * @param tables replication tables (a multiple of 100; one model per ten tables)
     * @param dagMode whether the component runs with {@code dag_mode: true}
     * @return the refreshed project
     */
    static ScaleFixture refreshed(int tables, boolean dagMode) {
        return refreshed(tables, dagMode, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param tables replication tables (a multiple of 100; one model per ten tables)
     * @param dagMode whether the component runs with {@code dag_mode: true}
     * @param around wraps the fake for the refresh (to record its answers, say)
     * @return the refreshed project
     */
    static ScaleFixture refreshed(int tables, boolean dagMode, java.util.function.UnaryOperator<CommandRunner> around) {
        try {
            Path dir = Files.createTempDirectory("rocky-bench");
            Path project = ScaleProject.tables(tables).writeTo(dir.resolve("project"));
            FakeRocky rocky = FakeRocky.forProject(project).build();
            Path defs = project.resolve("defs.yaml");
            Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: rocky\n"
                    + (dagMode ? "  dag_mode: true\n" : ""));
            RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(around.apply(rocky))
                    .build();
            component.refresh();
            return new ScaleFixture(dir, project, component, rocky, Path.of(component.stateLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A component on the same {@code defs.yaml} whose binary refuses every call: what a process that
     * only loads holds (no fake and its project model in memory), and proof that a load calls nothing.
     *
     * @return the load-only component
     */
    RockyComponent loadOnly() {
        CommandRunner refuse = (request, stderr) -> {
            throw new IllegalStateException("a load called rocky: " + request.argv());
        };
        return RockyComponent.builder(new DefsYamlLoader().load(project.resolve("defs.yaml"))).commandRunner(refuse).build();
    }

    /**
     * @return this project on disk without the component that refreshed it and its fake (which
     *     holds the whole project model): what a process that only loads holds
     */
    ScaleFixture released() {
        return new ScaleFixture(dir, project, null, null, stateFile);
    }

    /** Deletes the temporary directory, best effort. */
    void delete() {
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
