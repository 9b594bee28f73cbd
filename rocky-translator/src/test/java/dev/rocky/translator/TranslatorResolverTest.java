package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.discover.Source;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.translator.ResolvedTranslator.Choice;
import dev.rocky.translator.fixtures.AcmeFactory;
import dev.rocky.translator.fixtures.LowFactory;
import dev.rocky.translator.fixtures.OtherFactory;
import dev.rocky.translator.fixtures.PlainTranslator;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatorResolverTest {

    @TempDir
    Path tmp;

    private final Source source = Samples.source();

    private TranslatorPlugins found(Class<?>... factories) throws IOException {
        Path services = tmp.resolve("cp/META-INF/services/" + RockyTranslatorFactory.class.getName());
        Files.createDirectories(services.getParent());
        StringBuilder lines = new StringBuilder();
        for (Class<?> f : factories) {
            lines.append(f.getName()).append('\n');
        }
        Files.writeString(services, lines);
        return TranslatorPlugins.discover(new URLClassLoader(new URL[] {tmp.resolve("cp").toUri().toURL()}, getClass().getClassLoader()),
                Optional.empty());
    }

    private ResolvedTranslator resolve(Optional<RockyTranslator> inCode, TranslatorSelection selection, TranslatorPlugins plugins) {
        return TranslatorResolver.resolve(inCode, selection, plugins, TranslatorContext.of(tmp), TranslationTemplates.none());
    }

    @Test
    void aTranslatorSetInCodeWinsOverEverything() throws IOException {
        ResolvedTranslator r = resolve(Optional.of(new PlainTranslator()), TranslatorSelection.named("acme", Map.of()),
                found(AcmeFactory.class));

        assertThat(r.choice()).isEqualTo(Choice.CODE);
        assertThat(r.name()).isEqualTo(PlainTranslator.class.getName());
        assertThat(r.translator().groupName(source)).isEqualTo("plain");
    }

    @Test
    void theNameInDefsYamlWinsOverPriorityAndGetsItsConfig() throws IOException {
        ResolvedTranslator r = resolve(Optional.empty(), TranslatorSelection.named("low", Map.of()),
                found(AcmeFactory.class, LowFactory.class));
        assertThat(r.choice()).isEqualTo(Choice.CONFIGURED_NAME);
        assertThat(r.translator().groupName(source)).isEqualTo("low");

        ResolvedTranslator configured = resolve(Optional.empty(), TranslatorSelection.named("acme", Map.of("prefix", "shop")),
                found(AcmeFactory.class, LowFactory.class));
        assertThat(configured.translator().groupName(source)).isEqualTo("shop");
        assertThat(configured.describe()).startsWith("acme from ").endsWith("(named in defs.yaml)");
    }

    @Test
    void theDefaultCanBeNamedExplicitly() throws IOException {
        ResolvedTranslator r = resolve(Optional.empty(), TranslatorSelection.named("default", Map.of()), found(AcmeFactory.class));

        assertThat(r.choice()).isEqualTo(Choice.CONFIGURED_NAME);
        assertThat(r.translator().groupName(source)).isEqualTo("acme").as("the first single component, tenant acme");
        assertThat(r.origin()).isEqualTo("built-in");
    }

    @Test
    void withNoNameTheHighestPriorityFactoryWins() throws IOException {
        ResolvedTranslator r = resolve(Optional.empty(), TranslatorSelection.none(), found(LowFactory.class, AcmeFactory.class));

        assertThat(r.choice()).isEqualTo(Choice.HIGHEST_PRIORITY);
        assertThat(r.name()).isEqualTo("acme");
        assertThat(r.translator().assetKey(source, source.tables().get(0)).path()).containsExactly("acme", "orders");
    }

    @Test
    void withNothingFoundTheDefaultIsUsed() throws IOException {
        ResolvedTranslator r = resolve(Optional.empty(), TranslatorSelection.none(), found());

        assertThat(r.choice()).isEqualTo(Choice.DEFAULT);
        assertThat(r.describe()).isEqualTo("default from built-in (no other translator found)");
        assertThat(r.translator().assetKey(source, source.tables().get(0)).path()).containsExactly("duckdb", "acme", "orders", "orders");
    }

    @Test
    void aNameNotFoundIsAnErrorListingTheNamesFound() throws IOException {
        TranslatorPlugins plugins = found(AcmeFactory.class, LowFactory.class);

        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.named("tenant", Map.of()), plugins))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("no translator factory is named 'tenant'")
                .hasMessageContaining("found: default (built-in), acme (").hasMessageContaining("low (");
    }

    @Test
    void aTieForTheHighestPriorityIsAnErrorAskingForAName() throws IOException {
        TranslatorPlugins plugins = found(AcmeFactory.class, OtherFactory.class);

        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.none(), plugins))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("'acme'").hasMessageContaining("'other'").hasMessageContaining("share the highest priority, 10")
                .hasMessageContaining("translator: {name: ");
    }

    @Test
    void aFactoryRejectingItsConfigIsAnErrorNamingItAndTheConfig() throws IOException {
        TranslatorPlugins plugins = found(AcmeFactory.class);

        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.named("acme", Map.of("prefix", " ")), plugins))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("translator 'acme' (").hasMessageContaining("rejected its config {prefix= }")
                .hasMessageContaining("prefix must not be blank");
        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.named("default", Map.of("x", "1")), plugins))
                .hasMessageContaining("the default translator takes no config, got [x]");
    }

    @Test
    void translatorClassAcceptsAFactoryOrATranslator() throws IOException {
        TranslatorPlugins plugins = found();

        ResolvedTranslator factory = resolve(Optional.empty(), TranslatorSelection.ofClass(AcmeFactory.class.getName(),
                Map.of("prefix", "cls")), plugins);
        assertThat(factory.choice()).isEqualTo(Choice.CONFIGURED_CLASS);
        assertThat(factory.translator().groupName(source)).isEqualTo("cls");

        ResolvedTranslator plain = resolve(Optional.empty(), TranslatorSelection.ofClass(PlainTranslator.class.getName(), Map.of()),
                plugins);
        assertThat(plain.translator().groupName(source)).isEqualTo("plain");
    }

    @Test
    void translatorClassErrorsSayWhatIsWrong() throws IOException {
        TranslatorPlugins plugins = found();

        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass("com.example.Missing", Map.of()), plugins))
                .hasMessageContaining("translator class com.example.Missing is not on the classpath or in any plugin");
        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass(String.class.getName(), Map.of()), plugins))
                .hasMessageContaining("java.lang.String implements neither");
        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass(NoDefaultConstructor.class.getName(), Map.of()),
                plugins)).hasMessageContaining("has no public no-argument constructor");
        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass(PlainTranslator.class.getName(),
                Map.of("a", "b")), plugins)).hasMessageContaining("is a translator, not a factory, so it cannot take translator.config [a]");
    }

    @Test
    void aSelectionIsByNameOrByClassNotBoth() {
        assertThatThrownBy(() -> new TranslatorSelection(Optional.of("a"), Optional.of("b.C"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void aFactoryReturningNullOrAConstructorThatThrowsIsReported() throws IOException {
        TranslatorPlugins plugins = found();

        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass(NullFactory.class.getName(), Map.of()), plugins))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("returned null from create()");
        assertThatThrownBy(() -> resolve(Optional.empty(), TranslatorSelection.ofClass(Exploding.class.getName(), Map.of()), plugins))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_LOAD))
                .hasMessageContaining("failed in its constructor: java.lang.IllegalStateException: no licence file");
    }

    /** A factory that breaks its contract. */
    public static final class NullFactory implements RockyTranslatorFactory {
        @Override
        public String name() {
            return "null";
        }

        @Override
        public RockyTranslator create(Map<String, String> config, TranslatorContext context) {
            return null;
        }
    }

    /** A translator whose constructor fails. */
    public static final class Exploding implements RockyTranslator {
        /** Always throws. */
        public Exploding() {
            throw new IllegalStateException("no licence file");
        }
    }

    /** A translator without a no-argument constructor. */
    public static final class NoDefaultConstructor implements RockyTranslator {
        /** @param group ignored */
        public NoDefaultConstructor(String group) {
        }
    }
}
