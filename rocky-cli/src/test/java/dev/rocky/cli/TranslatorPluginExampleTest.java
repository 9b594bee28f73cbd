package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.translator.ResolvedTranslator;
import dev.rocky.translator.TranslatorPlugins;
import dev.rocky.translator.spi.RockyTranslator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin of {@code examples/translator-plugin}, loaded from its packaged jar through a
 * {@code plugins/} directory by the CLI, against the example's demo project.
 */
class TranslatorPluginExampleTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "translator-plugin");

    @TempDir
    Path tmp;

    private Path project;

    /** The jar `mvn package` built; under `mvn test` (no package phase) a jar of the compiled classes. */
    static Path pluginJar(Path scratch) throws IOException {
        Path target = EXAMPLE.resolve("target");
        Path packaged = target.resolve("translator-plugin-0.1.0-SNAPSHOT.jar");
        if (Files.isRegularFile(packaged)) {
            return packaged;
        }
        Path classes = target.resolve("classes");
        assertThat(classes).as("the example plugin is built before rocky-cli (mvn -B verify from the root)").isDirectory();
        Path jar = scratch.resolve("translator-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    @BeforeEach
    void copyTheDemo() throws IOException {
        project = tmp.resolve("demo");
        CliFixture.copyTree(EXAMPLE.resolve("demo"), project, "plugins", ".local_defs_state");
        FakeRockyExecutable.install(project.resolve("bin"), project.resolve("rocky-fake"));
        Path jar = pluginJar(tmp);
        Files.createDirectories(project.resolve("plugins"));
        Files.copy(jar, project.resolve("plugins/translator-plugin.jar"));
    }

    private void defs(String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of("type: dagster_rocky.RockyComponent", "attributes:", "  binary_path: bin/rocky"));
        for (String e : extra) {
            lines.add("  " + e);
        }
        Files.writeString(project.resolve("defs.yaml"), String.join("\n", lines) + "\n");
    }

    private CliFixture.Run cli(String... args) {
        return CliFixture.cli(project.resolve("defs.yaml"), args);
    }

    /** key (joined with /) → group, from {@code defs --format json}. */
    private Map<String, String> graph() {
        CliFixture.Run defs = cli("defs", "--format", "json");
        assertThat(defs.exitCode()).as(defs.err()).isZero();
        Map<String, String> groups = new LinkedHashMap<>();
        try {
            for (JsonNode asset : new ObjectMapper().readTree(defs.out()).path("assets")) {
                List<String> key = new ArrayList<>();
                asset.path("key").forEach(k -> key.add(k.asText()));
                groups.put(String.join("/", key), asset.path("group").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups;
    }

    @Test
    void theDemoDefsYamlNamesTheTenantTranslator() throws IOException {
        String shipped = Files.readString(EXAMPLE.resolve("demo/defs.yaml"));
        assertThat(shipped).contains("translator:\n    name: tenant\n    config:\n      component: tenant");
    }

    @Test
    void withThePluginJarInPluginsTheKeysLoseTheTenantAndTheGroupsAreTenants() throws IOException {
        defs("translator: {name: tenant, config: {component: tenant}}");
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsExactly(
                Map.entry("duckdb/orders/orders", "acme"),
                Map.entry("duckdb/orders/order_items", "acme"),
                Map.entry("duckdb/customers/customers", "acme"),
                Map.entry("duckdb/payments/payments", "globex"));
        CliFixture.Run text = cli("defs");
        assertThat(text.out()).contains("acme").contains("globex").contains("duckdb/payments/payments");
        CliFixture.Run validate = cli("validate");
        assertThat(validate.out()).containsPattern("ok +translator +tenant from .*plugins/translator-plugin\\.jar \\(named in defs\\.yaml\\)");
    }

    /** The same use case without a plugin: the shipped defs-tenant.yaml's {@code tenant} collapse. */
    @Test
    void withoutAPluginTheTenantAttributePartitionsTheTablesByTenant() throws IOException {
        Files.copy(EXAMPLE.resolve("demo/defs-tenant.yaml"), project.resolve("defs.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(project.resolve("defs.yaml"), Files.readString(project.resolve("defs.yaml"))
                .replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
        Files.delete(project.resolve("plugins/translator-plugin.jar"));
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsOnlyKeys("duckdb/orders/orders", "duckdb/orders/order_items", "duckdb/customers/customers",
                "duckdb/payments/payments");
        CliFixture.Run json = cli("defs", "--format", "json");
        JsonNode first = new ObjectMapper().readTree(json.out()).path("assets").get(0);
        assertThat(first.path("partitions").toString()).isEqualTo("{\"type\":\"dynamic\",\"name\":\"tenants\","
                + "\"keys\":[\"acme\",\"globex\"]}");
        assertThat(first.path("tags").has("rocky/tenant")).as("the tenant is the partition, not a tag").isFalse();
    }

    @Test
    void withoutTheTranslatorTheDefaultKeepsTheTenantInTheKeyAndGroupsBySource() throws IOException {
        defs();
        Files.delete(project.resolve("plugins/translator-plugin.jar"));
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsExactly(
                Map.entry("duckdb/orders/acme/orders", "orders"),
                Map.entry("duckdb/orders/acme/order_items", "orders"),
                Map.entry("duckdb/customers/acme/customers", "customers"),
                Map.entry("duckdb/payments/globex/payments", "payments"));
    }

    @Test
    void aClassGivenInDefsYamlIsFoundInThePluginWhenTheClasspathHasNoSuchClass() throws IOException {
        String factory = "com.example.rocky.tenant.TenantTranslatorFactory";
        assertThatThrownBy(() -> Class.forName(factory)).as("not on the test classpath").isInstanceOf(ClassNotFoundException.class);
        defs("translator: {class: " + factory + ", config: {component: tenant}}");
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsEntry("duckdb/payments/payments", "globex");
        assertThat(cli("validate").out()).contains("ok     translator  " + factory + " from ")
                .contains("plugins/translator-plugin.jar (class given in defs.yaml)");
    }

    @Test
    void aPluginInPluginsIsPickedByPriorityWhenDefsYamlNamesNone() throws IOException {
        defs();
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsEntry("duckdb/payments/payments", "globex");
        assertThat(cli("validate").out()).contains("(highest priority found)");
    }

    @Test
    void thePluginSeesTheSpiButNoAdapterOrLibraryClass() throws ClassNotFoundException {
        TranslatorPlugins plugins = TranslatorPlugins.discover(getClass().getClassLoader(), Optional.of(project.resolve("plugins")));
        ClassLoader loader = plugins.named("tenant").orElseThrow().factory().getClass().getClassLoader();

        assertThat(loader).isNotSameAs(getClass().getClassLoader());
        for (String hidden : List.of("dev.rocky.state.LocalFilesystemStateStore", "dev.rocky.process.ProcessRockyCli",
                "dev.rocky.component.RockyComponent", "com.fasterxml.jackson.databind.ObjectMapper", "org.apache.commons.exec.CommandLine",
                "org.slf4j.Logger", "picocli.CommandLine")) {
            assertThatThrownBy(() -> Class.forName(hidden, false, loader)).as(hidden).isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(Class.forName(RockyTranslator.class.getName(), false, loader) == RockyTranslator.class).isTrue();
    }

    @Test
    void aNamedTranslatorThatIsNotFoundFailsTheLoadWithOneLineButNotTheRefresh() throws IOException {
        Files.delete(project.resolve("plugins/translator-plugin.jar"));
        defs("translator: {name: tenant}");

        assertThat(cli("refresh").exitCode()).as("refresh does not need the translator").isZero();
        CliFixture.Run defs = cli("defs");
        assertThat(defs.exitCode()).isEqualTo(1);
        assertThat(defs.errLines()).containsExactly("rocky-component: error: no translator factory is named 'tenant'; found: "
                + "default (built-in); put the plugin's jar in the plugins directory or on the classpath, or fix translator.name "
                + "in defs.yaml [TRANSLATOR_LOAD]");
        CliFixture.Run validate = cli("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("error  translator  no translator factory is named 'tenant'");
    }

    @Test
    void aBadConfigForThePluginIsReportedWithItsMessage() throws IOException {
        defs("translator: {name: tenant, config: {colour: red}}");
        assertThat(cli("refresh").exitCode()).isZero();

        CliFixture.Run defs = cli("defs");
        assertThat(defs.exitCode()).isEqualTo(1);
        assertThat(defs.errLines()).singleElement().asString().contains("translator 'tenant' (")
                .contains("rejected its config {colour=red}: unknown key 'colour'; the tenant translator accepts: component")
                .endsWith("[TRANSLATOR_LOAD]");
    }

    @Test
    void translationTemplatesApplyAfterThePlugin() throws IOException {
        defs("translator: {name: tenant}", "translation:", "    key: \"raw/{{ group_name }}/{{ table_name }}\"",
                "    tags: {tenant_source: \"{{ source_id }}\"}");
        assertThat(cli("refresh").exitCode()).isZero();

        assertThat(graph()).containsEntry("raw/acme/orders", "acme").containsEntry("raw/globex/payments", "globex");
    }

    /** The reference's translation covers every AssetSpec attribute (component.py 438-450); so does defs --format json. */
    @Test
    void descriptionOwnersKindsDepsAndCodeVersionTemplatesReachTheJsonGraph() throws IOException {
        defs("translation:", "    description: \"{{ table_name }} of {{ source_id }}\"", "    owners: [\"team:data_eng\"]",
                "    kinds: [\"rocky\", \"{{ source_type }}\", \"raw\"]", "    deps: [\"fivetran/{{ table_name }}\"]",
                "    code_version: \"v2\"");
        assertThat(cli("refresh").exitCode()).isZero();

        CliFixture.Run defs = cli("defs", "--format", "json");
        assertThat(defs.exitCode()).as(defs.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(defs.out()).path("assets").get(0);
        String table = first.path("key").get(first.path("key").size() - 1).asText();
        assertThat(first.path("description").asText()).startsWith(table + " of raw__");
        assertThat(first.path("owners").toString()).isEqualTo("[\"team:data_eng\"]");
        assertThat(first.path("kinds").toString()).isEqualTo("[\"rocky\",\"duckdb\",\"raw\"]");
        assertThat(first.path("deps").toString()).isEqualTo("[[\"fivetran\",\"" + table + "\"]]");
        assertThat(first.path("code_version").asText()).isEqualTo("v2");
    }

    @Test
    void aTemplateThatRendersAnInvalidKeyLeavesOutThoseTablesNamingThemExitsThreeAndFailsUnderStrictBuild() throws IOException {
        defs("translation: {key: \"raw {{ table_name }}\"}");
        assertThat(cli("refresh").exitCode()).isZero();

        CliFixture.Run defs = cli("defs");
        assertThat(defs.exitCode()).as("one bad name never takes the graph down, and the graph says it is partial").isEqualTo(3);
        assertThat(defs.out()).contains("0 assets");
        assertThat(defs.errLines()).allSatisfy(l -> assertThat(l).startsWith("rocky-component: warning: ")
                .contains("left out of the graph").contains("translation.key rendered an invalid key"));
        assertThat(defs.errLines()).anySatisfy(l -> assertThat(l).contains("of source raw__orders__acme"));

        defs("translation: {key: \"raw {{ table_name }}\"}", "strict_build: true");
        CliFixture.Run strict = cli("defs");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.errLines()).singleElement().asString()
                .startsWith("rocky-component: error: defs.yaml translation.key rendered an invalid key for table orders of source "
                        + "raw__orders__acme: 'raw orders'").endsWith("[TRANSLATOR_OUTPUT]");
    }

    @Test
    void aTranslatorSetInCodeWinsOverDefsYamlAndThePlugin() throws IOException {
        defs("translator: {name: tenant}");
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(project.resolve("defs.yaml")))
                .translator(new RockyTranslator() {
                    @Override
                    public String groupName(dev.rocky.translator.spi.SourceView source) {
                        return "in_code";
                    }
                }).build();
        component.refresh();

        ResolvedTranslator resolved = component.translator();
        assertThat(resolved.choice()).isEqualTo(ResolvedTranslator.Choice.CODE);
        assertThat(component.definitions().assets()).extracting(AssetSpec::group).containsOnly("in_code");
    }
}
