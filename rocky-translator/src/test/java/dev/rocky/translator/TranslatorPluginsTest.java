package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.translator.TranslatorPlugins.Plugin;
import dev.rocky.translator.fixtures.AcmeFactory;
import dev.rocky.translator.fixtures.ExplodingFactory;
import dev.rocky.translator.fixtures.DeclaredFactory;
import dev.rocky.translator.fixtures.BadNameFactory;
import dev.rocky.translator.fixtures.FixedFactory;
import dev.rocky.translator.fixtures.HelperUsingFactory;
import dev.rocky.translator.fixtures.LeakyFactory;
import dev.rocky.translator.fixtures.OtherFactory;
import dev.rocky.translator.fixtures.PluginHelper;
import dev.rocky.translator.fixtures.TwinFactory;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatorPluginsTest {

    @TempDir
    Path tmp;

    private final ClassLoader host = getClass().getClassLoader();

    private ClassLoader classpathWithServices(String... factories) throws IOException {
        Path services = tmp.resolve("cp/META-INF/services/" + RockyTranslatorFactory.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# written by the test\n" + String.join("\n", factories) + "\n");
        return new URLClassLoader(new URL[] {tmp.resolve("cp").toUri().toURL()}, host);
    }

    @Test
    void aFactoryThatDeclaresItsNameIsChosenWithoutRunningAnyOtherPluginsCode() throws IOException {
        PluginJar.with(DeclaredFactory.class).service(DeclaredFactory.class).writeTo(tmp.resolve("plugins/declared.jar"));
        PluginJar.with(ExplodingFactory.class).service(ExplodingFactory.class).writeTo(tmp.resolve("plugins/exploding.jar"));
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));

        assertThat(plugins.named("declared")).get().extracting(Plugin::name).isEqualTo("declared");
        assertThat(plugins.preferred()).as("every plugin declares its priority: the highest is created alone").get()
                .extracting(Plugin::name).isEqualTo("declared");
        assertThatThrownBy(plugins::plugins).as("creating them all runs the other plugin's code")
                .hasMessageContaining("ExplodingFactory could not be instantiated");
    }

    @Test
    void aDeclaredNameThatDiffersFromTheFactorysOwnIsRefused() throws IOException {
        PluginJar.with(DeclaredFactory.class).service(DeclaredFactory.class).writeTo(tmp.resolve("plugins/a.jar"));
        PluginJar.with(DeclaredFactory.class).service(DeclaredFactory.class).writeTo(tmp.resolve("plugins/b.jar"));
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));
        assertThatThrownBy(() -> plugins.named("declared")).isInstanceOfSatisfying(RockyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD)).hasMessageContaining("two translator factories "
                        + "declare the name 'declared'").hasMessageContaining("a.jar").hasMessageContaining("b.jar");
    }

    @Test
    void withNothingToFindOnlyTheBuiltInDefaultIsThere() {
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("no-such-dir")));

        assertThat(plugins.plugins()).extracting(Plugin::name).containsExactly("default");
        assertThat(plugins.plugins().get(0).origin()).isEqualTo("built-in");
    }

    @Test
    void findsFactoriesListedInMetaInfServicesWrittenIntoATemporaryFolder() throws IOException {
        ClassLoader classpath = classpathWithServices(AcmeFactory.class.getName(), OtherFactory.class.getName());

        TranslatorPlugins plugins = TranslatorPlugins.discover(classpath, Optional.empty());

        assertThat(plugins.plugins()).extracting(Plugin::name).containsExactly("default", "acme", "other");
        assertThat(plugins.named("acme")).get().extracting(p -> p.factory().getClass()).isEqualTo(AcmeFactory.class);
        assertThat(plugins.named("acme").get().origin()).endsWith("test-classes");
        assertThat(plugins.named("nope")).isEmpty();
    }

    @Test
    void findsAPluginJarInThePluginsDirectoryAndLoadsItInItsOwnClassLoader() throws IOException {
        Path jar = PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("plugins/acme.jar"));

        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));

        Plugin acme = plugins.named("acme").orElseThrow();
        assertThat(acme.origin()).isEqualTo(jar.toString());
        Class<?> type = acme.factory().getClass();
        assertThat(type).isNotEqualTo(AcmeFactory.class);
        assertThat(type.getName()).isEqualTo(AcmeFactory.class.getName());
        assertThat(type.getClassLoader().getName()).isEqualTo("rocky-plugin:acme.jar");
        RockyTranslator translator = acme.factory().create(Map.of("prefix", "shop"), TranslatorContext.of(tmp));
        assertThat(translator.assetKey(Views.of(Samples.source()), Views.of(Samples.source().tables().get(0))))
                .containsExactly("shop", "orders");
    }

    @Test
    void aPluginSeesTheSpiAndTheJdkButNoOtherHostClass() throws Exception {
        PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("plugins/acme.jar"));
        ClassLoader plugin = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")))
                .named("acme").orElseThrow().factory().getClass().getClassLoader();

        for (Class<?> shared : List.of(RockyTranslator.class, RockyTranslatorFactory.class, TranslatorContext.class,
                dev.rocky.translator.spi.SourceView.class, dev.rocky.translator.spi.Names.class)) {
            assertThat(Class.forName(shared.getName(), false, plugin)).as(shared.getName()).isSameAs(shared);
        }
        assertThat(Class.forName("java.sql.Connection", false, plugin)).isNotNull();
        for (String hidden : List.of(DefaultRockyTranslator.class.getName(), TranslatorPlugins.class.getName(), AssetKey.class.getName(),
                RockyException.class.getName(), "dev.rocky.core.port.AssetTranslator", "dev.rocky.core.model.ModelDetail",
                "dev.rocky.core.discover.Source",
                "dev.rocky.core.service.BuildDefinitions", "dev.rocky.core.port.DefsStateStore", "org.junit.jupiter.api.Test",
                "org.assertj.core.api.Assertions", PluginHelper.class.getName())) {
            assertThatThrownBy(() -> Class.forName(hidden, false, plugin)).as(hidden).isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(plugin.getResource("META-INF/services/" + RockyTranslatorFactory.class.getName()))
                .as("its own services file only").asString()
                .endsWith("plugins/acme.jar!/META-INF/services/" + RockyTranslatorFactory.class.getName());
    }

    @Test
    void aPluginThatReachesForAHostClassFailsWhenItsTranslatorIsCreated() throws IOException {
        PluginJar.with(LeakyFactory.class).service(LeakyFactory.class).writeTo(tmp.resolve("plugins/leaky.jar"));
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));

        assertThatThrownBy(() -> TranslatorResolver.resolve(Optional.empty(), TranslatorSelection.named("leaky", Map.of()), plugins,
                TranslatorContext.of(tmp), TranslationTemplates.none()))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("translator 'leaky' (" + tmp.resolve("plugins/leaky.jar") + ") failed to create its translator")
                .hasMessageContaining("NoClassDefFoundError: dev/rocky/translator/DefaultRockyTranslator");
    }

    @Test
    void aDirectoryPluginIsOneClassLoaderOverAllItsJars() throws IOException {
        PluginJar.with(HelperUsingFactory.class).service(HelperUsingFactory.class).writeTo(tmp.resolve("plugins/helper/main.jar"));
        PluginJar.with(PluginHelper.class).writeTo(tmp.resolve("plugins/helper/lib.jar"));

        Plugin helper = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins"))).named("helper").orElseThrow();

        assertThat(helper.origin()).isEqualTo(tmp.resolve("plugins/helper/main.jar").toString());
        assertThat(helper.factory().create(Map.of(), TranslatorContext.of(tmp)).groupName(Views.of(Samples.source()))).isEqualTo("spi_2_0");
    }

    @Test
    void aClassNamedByTranslatorClassIsLoadedWithoutCreatingAnyPluginsFactory() throws Exception {
        PluginJar.with(AcmeFactory.class).service("com.example.Missing").writeTo(tmp.resolve("plugins/broken.jar"));
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));
        assertThat(plugins.loadClass(AcmeFactory.class.getName())).isEqualTo(AcmeFactory.class);
        assertThatThrownBy(plugins::plugins).as("the broken services entry is found only when the factories are created")
                .hasMessageContaining("com.example.Missing");
    }

    @Test
    void twoFactoriesWithOneNameAreAnErrorNamingBothJars() throws IOException {
        Path first = PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("plugins/a-acme.jar"));
        Path second = PluginJar.with(TwinFactory.class, FixedFactory.class).service(TwinFactory.class)
                .writeTo(tmp.resolve("plugins/b-twin.jar"));

        assertThatThrownBy(() -> TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins"))).plugins())
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("two translator factories are named 'acme'")
                .hasMessageContaining(AcmeFactory.class.getName() + " from " + first)
                .hasMessageContaining(TwinFactory.class.getName() + " from " + second);
    }

    @Test
    void aPluginJarAlsoOnTheClasspathIsADuplicate() throws IOException {
        Path jar = PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("plugins/acme.jar"));

        assertThatThrownBy(() -> TranslatorPlugins.discover(classpathWithServices(AcmeFactory.class.getName()),
                Optional.of(tmp.resolve("plugins"))).plugins())
                .hasMessageContaining("two translator factories are named 'acme'").hasMessageContaining("test-classes")
                .hasMessageContaining(jar.toString());
    }

    @Test
    void aFactoryMayNotTakeTheBuiltInName() throws IOException {
        assertThatThrownBy(() -> TranslatorPlugins.discover(classpathWithServices(DefaultNamedFactory.class.getName()), Optional.empty())
                .plugins())
                .hasMessageContaining("two translator factories are named 'default'").hasMessageContaining("built-in");
    }

    @Test
    void aFactoryNameOutsideTheRuleIsRefused() throws IOException {
        assertThatThrownBy(() -> TranslatorPlugins.discover(classpathWithServices(BadNameFactory.class.getName()), Optional.empty())
                .plugins())
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining(BadNameFactory.class.getName()).hasMessageContaining("is named 'Bad Name'")
                .hasMessageContaining("[a-z][a-z0-9_-]*");
    }

    @Test
    void aJarWithoutAServicesEntryIsRefused() throws IOException {
        Path jar = PluginJar.with(AcmeFactory.class).writeTo(tmp.resolve("plugins/forgot.jar"));

        assertThatThrownBy(() -> TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins"))).plugins())
                .hasMessageContaining("plugin " + jar + " has no META-INF/services/" + RockyTranslatorFactory.class.getName());
    }

    @Test
    void aServicesEntryNamingAMissingClassIsRefusedNamingThePlugin() throws IOException {
        Path jar = PluginJar.with(AcmeFactory.class).service("com.example.Missing").writeTo(tmp.resolve("plugins/typo.jar"));

        assertThatThrownBy(() -> TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins"))).plugins())
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("com.example.Missing").hasMessageContaining(jar.toString());
    }

    @Test
    void aPluginsPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("plugins"), "not a directory");

        assertThatThrownBy(() -> TranslatorPlugins.discover(host, Optional.of(file)))
                .hasMessageContaining("the plugins directory " + file + " is not a directory");
    }

    @Test
    void translatorClassIsLookedUpOnTheClasspathThenInThePlugins() throws Exception {
        PluginJar.with(HelperUsingFactory.class, PluginHelper.class).service(HelperUsingFactory.class)
                .writeTo(tmp.resolve("plugins/helper.jar"));
        TranslatorPlugins plugins = TranslatorPlugins.discover(host, Optional.of(tmp.resolve("plugins")));

        assertThat(plugins.loadClass(AcmeFactory.class.getName())).isSameAs(AcmeFactory.class);
        assertThat(plugins.loadClass("dev.rocky.translator.fixtures.PluginHelper").getClassLoader().getName())
                .as("found on the test classpath first").isNotEqualTo("rocky-plugin:helper.jar");
        assertThatThrownBy(() -> plugins.loadClass("com.example.Nowhere")).isInstanceOf(ClassNotFoundException.class);
    }

    /** A factory claiming the built-in name. */
    public static final class DefaultNamedFactory implements RockyTranslatorFactory {
        @Override
        public String name() {
            return "default";
        }

        @Override
        public RockyTranslator create(Map<String, String> config, TranslatorContext context) {
            return new RockyTranslator() {
            };
        }
    }
}
