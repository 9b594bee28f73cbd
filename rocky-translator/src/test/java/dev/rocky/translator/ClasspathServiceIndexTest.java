package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.translator.TranslatorPlugins.Plugin;
import dev.rocky.translator.fixtures.AcmeFactory;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-path index: written from a runnable jar's manifest, believed only for that jar's
 * class path while every jar keeps its recorded size and time, and then the reason the translator
 * lookup leaves the class path unopened; any change, removal, foreign class path or unreadable
 * line makes it ignored, and the lookup finds what is really there.
 */
class ClasspathServiceIndexTest {

    private static final String TRANSLATOR_SERVICES = "META-INF/services/" + RockyTranslatorFactory.class.getName();

    @TempDir
    Path tmp;

    private Path app;
    private Path index;

    /** A class-path loader that counts the lookups of the translator service file. */
    private static final class Counting extends URLClassLoader {
        int lookups;

        Counting(Path jar) throws IOException {
            super(new URL[] {jar.toUri().toURL()}, ClasspathServiceIndexTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(TRANSLATOR_SERVICES)) {
                lookups++;
            }
            return super.getResources(name);
        }
    }

    private static Path jar(Path file, Map<String, String> entries, String classPath) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    /** dist/app.jar with Class-Path lib/a.jar lib/b.jar; b lists one service that is not the translator's. */
    @BeforeEach
    void distribution() throws IOException {
        jar(tmp.resolve("dist/lib/a.jar"), Map.of("a/Thing.txt", "a"), null);
        jar(tmp.resolve("dist/lib/b.jar"), Map.of("META-INF/services/com.example.Other", "com.example.OtherImpl\n",
                "META-INF/services/", ""), null);
        app = jar(tmp.resolve("dist/app.jar"), Map.of("app.txt", "app"), "lib/a.jar lib/b.jar");
        index = tmp.resolve("dist/app.services");
    }

    @Test
    void theIndexOfAnUnchangedClassPathProvesTheTranslatorServiceAbsentForItsLoaderOnly() throws IOException {
        assertThat(ClasspathServiceIndex.write(app, index)).containsExactly("com.example.Other");
        try (Counting loader = new Counting(app); Counting other = new Counting(app)) {
            ClasspathServiceIndex read = ClasspathServiceIndex.read(index, app.toString(), loader).orElseThrow();

            assertThat(read.listedServices()).containsExactly("com.example.Other");
            assertThat(read.provesAbsent(loader, TRANSLATOR_SERVICES)).isTrue();
            assertThat(read.provesAbsent(loader, "META-INF/services/com.example.Other")).isFalse();
            assertThat(read.provesAbsent(other, TRANSLATOR_SERVICES)).as("another loader").isFalse();
            assertThat(read.provesAbsent(loader, "com/example/Other.class")).as("not a service file").isFalse();

            TranslatorPlugins plugins = TranslatorPlugins.discover(loader, Optional.empty(), Optional.of(read));
            assertThat(plugins.plugins()).extracting(Plugin::name).containsExactly("default");
            assertThat(plugins.preferred()).isEmpty();
            assertThat(loader.lookups).as("the class path is not searched").isZero();

            TranslatorPlugins without = TranslatorPlugins.discover(loader, Optional.empty(), Optional.empty());
            assertThat(without.plugins()).extracting(Plugin::name).containsExactly("default");
            assertThat(loader.lookups).as("without the index it is").isPositive();
        }
    }

    @Test
    void aJarThatListsATranslatorIsRecordedAndTheClassPathIsSearched() throws IOException {
        PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("dist/lib/a.jar"));
        assertThat(ClasspathServiceIndex.write(app, index)).containsExactly("com.example.Other", RockyTranslatorFactory.class.getName());
        try (Counting loader = new Counting(app)) {
            ClasspathServiceIndex read = ClasspathServiceIndex.read(index, app.toString(), loader).orElseThrow();
            assertThat(read.provesAbsent(loader, TRANSLATOR_SERVICES)).isFalse();

            TranslatorPlugins plugins = TranslatorPlugins.discover(loader, Optional.empty(), Optional.of(read));
            assertThat(plugins.preferred()).get().extracting(Plugin::name).isEqualTo("acme");
            assertThat(loader.lookups).isPositive();
        }
    }

    /** The case the checks exist for: a jar replaced after the index was written now offers a translator, and it is found. */
    @Test
    void aJarReplacedAfterTheIndexMakesItIgnoredAndItsTranslatorIsFound() throws IOException {
        ClasspathServiceIndex.write(app, index);
        PluginJar.with(AcmeFactory.class).service(AcmeFactory.class).writeTo(tmp.resolve("dist/lib/a.jar"));
        try (Counting loader = new Counting(app)) {
            Optional<ClasspathServiceIndex> read = ClasspathServiceIndex.read(index, app.toString(), loader);
            assertThat(read).isEmpty();

            TranslatorPlugins plugins = TranslatorPlugins.discover(loader, Optional.empty(), read);
            assertThat(plugins.preferred()).get().extracting(Plugin::name).isEqualTo("acme");
        }
    }

    @Test
    void aChangedTimeAloneOrASizeAloneMakesTheIndexIgnored() throws IOException {
        ClasspathServiceIndex.write(app, index);
        Path b = tmp.resolve("dist/lib/b.jar");
        FileTime written = Files.getLastModifiedTime(b);
        try (Counting loader = new Counting(app)) {
            Files.setLastModifiedTime(b, FileTime.fromMillis(written.toMillis() + 2_000));
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("time changed").isEmpty();
            Files.setLastModifiedTime(b, written);
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("time restored").isPresent();

            Files.write(b, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
            Files.setLastModifiedTime(b, written);
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("size changed, same time").isEmpty();
        }
    }

    @Test
    void theRunnableJarItselfChangedOrAClassPathJarRemovedMakesTheIndexIgnored() throws IOException {
        ClasspathServiceIndex.write(app, index);
        try (Counting loader = new Counting(app)) {
            Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() + 2_000));
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("the runnable jar (its manifest) changed")
                    .isEmpty();
            ClasspathServiceIndex.write(app, index);
            Files.delete(tmp.resolve("dist/lib/a.jar"));
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("a class-path jar removed").isEmpty();
        }
    }

    @Test
    void anIndexIsBelievedOnlyForTheOneJarItRecordsInItsOwnDirectory() throws IOException {
        ClasspathServiceIndex.write(app, index);
        Path copy = Files.createDirectories(tmp.resolve("elsewhere")).resolve("app.jar");
        Files.copy(app, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path sibling = Files.copy(app, tmp.resolve("dist/other.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        try (Counting loader = new Counting(app)) {
            assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).isPresent();
            assertThat(ClasspathServiceIndex.read(index, app + File.pathSeparator + copy, loader)).as("two entries").isEmpty();
            assertThat(ClasspathServiceIndex.read(index, copy.toString(), loader)).as("the jar in another directory").isEmpty();
            assertThat(ClasspathServiceIndex.read(index, sibling.toString(), loader)).as("another jar of the directory").isEmpty();
            assertThat(ClasspathServiceIndex.read(index, "", loader)).as("no class path").isEmpty();
            assertThat(ClasspathServiceIndex.read(tmp.resolve("dist/none.services"), app.toString(), loader)).as("no index")
                    .isEmpty();
        }
    }

    @Test
    void anIndexWithALineThatDoesNotParseIsIgnored() throws IOException {
        ClasspathServiceIndex.write(app, index);
        List<String> good = Files.readAllLines(index);
        try (Counting loader = new Counting(app)) {
            for (List<String> bad : List.of(List.<String>of(), List.of(good.get(0)), good.subList(1, good.size()),
                    List.of(good.get(0), good.get(1), good.get(2), "cp\t1\t2\tlib/c.jar"), List.of(good.get(0), good.get(1),
                            "cq" + good.get(2).substring(2)), List.of(good.get(0).replace("jar\t", "jar\t\t"), good.get(1),
                            good.get(2)), List.of(good.get(0), good.get(1), "x" + good.get(2)))) {
                Files.write(index, bad);
                assertThat(ClasspathServiceIndex.read(index, app.toString(), loader)).as("%s", bad).isEmpty();
            }
        }
    }

    @Test
    void theWriterRefusesWhatItCannotRecordOrCheck() throws IOException {
        assertThatThrownBy(() -> ClasspathServiceIndex.write(app, tmp.resolve("index-elsewhere.services")))
                .isInstanceOf(IOException.class).hasMessageContaining("must be in the directory of");
        for (String classPath : List.of("classes/", "lib/missing.jar", "file:/lib/a.jar", "/abs/a.jar")) {
            Path jar = jar(tmp.resolve("dist/odd.jar"), Map.of(), classPath);
            assertThatThrownBy(() -> ClasspathServiceIndex.write(jar, tmp.resolve("dist/odd.services"))).as(classPath)
                    .isInstanceOf(IOException.class).hasMessageContaining("'" + classPath + "'");
            assertThat(tmp.resolve("dist/odd.services")).doesNotExist();
        }
    }
}
