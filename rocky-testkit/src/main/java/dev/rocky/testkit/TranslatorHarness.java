package dev.rocky.testkit;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.Definitions;
import dev.rocky.translator.spi.RockyTranslator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Runs a translator over a real project's state, for a translator plugin's own tests: the project
 * (bundled in rocky-contract, with the real binary's recordings) is copied to a temporary directory,
 * refreshed through the fake rocky, and loaded with the translator, exactly as the component loads
 * it in production: the translator's output is checked and defs.yaml's {@code translation}
 * templates apply on top.
 *
 * <pre>{@code
 * Definitions defs = TranslatorHarness.forBundledProject("01-replication-basics")
 *         .translate(new MyTranslator());
 * assertThat(defs.assets()).extracting(a -> a.key().toUserString()).contains("acme/orders");
 * }</pre>
 *
 * <p>Errors come out as the component raises them: a translator that returns an invalid key
 * fails with a {@code TRANSLATOR_OUTPUT} {@link dev.rocky.core.error.RockyException} naming the
 * table and the value.
 */
public final class TranslatorHarness {

    private final String project;
    private final List<String> attributes;

    private TranslatorHarness(String project, List<String> attributes) {
        this.project = project;
        this.attributes = attributes;
    }

    /**
     * @param name a project bundled in rocky-contract, e.g. {@code 01-replication-basics} (tables
     *     from discover) or {@code 07-dagster-dag-mode} (with {@code "dag_mode: true"})
     * @return the harness
     * @throws IllegalArgumentException when no such project is bundled
     */
    public static TranslatorHarness forBundledProject(String name) {
        if (!dev.rocky.contract.RockyContract.projects().contains(name)) {
            throw new IllegalArgumentException("no bundled project '" + name + "'; bundled: "
                    + dev.rocky.contract.RockyContract.projects());
        }
        return new TranslatorHarness(name, List.of());
    }

    /**
     * @param yamlLines defs.yaml attributes, e.g. {@code "surface_derived_models: true"} or
     *     {@code "dag_mode: true"}
     * @return a harness that loads with these attributes too
     */
    public TranslatorHarness withAttributes(String... yamlLines) {
        List<String> all = new ArrayList<>(attributes);
        Collections.addAll(all, yamlLines);
        return new TranslatorHarness(project, List.copyOf(all));
    }

    /**
     * Refreshes a fresh copy of the project and loads it with {@code translator}.
     *
     * @param translator the translator under test
     * @return the asset graph it produced
     * @throws dev.rocky.core.error.RockyException {@code TRANSLATOR_OUTPUT} when the translator
     *     returns an invalid value or throws, or as a refresh would fail
     */
    public Definitions translate(RockyTranslator translator) {
        Objects.requireNonNull(translator, "translator is null");
        Path dir;
        try {
            dir = Files.createTempDirectory("rocky-translator-harness-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        try {
            FakeRocky.Builder builder = FakeRocky.forBundledProject(project, dir);
            FakeRocky fake = builder.build();
            Path defs = ComponentDefs.write(builder.projectDir(), attributes);
            RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(fake)
                    .translator(translator).logSink(LogSink.NONE).build();
            component.refresh();
            return component.definitions();
        } finally {
            TestkitFiles.deleteQuietly(dir);
        }
    }
}
