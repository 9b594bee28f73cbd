package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's check that the self-contained jar runs alone: its manifest's Main-Class and no Class-Path. */
class SelfContainedJarCheckTest {

    @TempDir
    Path dir;

    private Path jar(String name, String classPath, String mainClass) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        if (mainClass != null) {
            m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new ZipEntry("a.txt"));
            j.write('a');
            j.closeEntry();
        }
        return jar;
    }

    @Test
    void aManifestWithTheMainClassAndNoClassPathPasses() throws IOException {
        assertThat(SelfContainedJarCheck.problems(jar("ok.jar", null, SelfContainedJarCheck.MAIN_CLASS))).isEmpty();
        assertThat(SelfContainedJarCheck.problems(jar("blank.jar", " ", SelfContainedJarCheck.MAIN_CLASS))).isEmpty();
    }

    @Test
    void theThinJarsClassPathIsRefusedNamingItsFirstEntry() throws IOException {
        assertThat(SelfContainedJarCheck.problems(jar("cp.jar", "lib/rocky-component-0.1.0.jar lib/jackson-core-2.22.4.jar",
                SelfContainedJarCheck.MAIN_CLASS)))
                .singleElement().asString().contains("Class-Path (2 entries, the first lib/rocky-component-0.1.0.jar)");
    }

    @Test
    void aMissingOrOtherMainClassIsRefused() throws IOException {
        assertThat(SelfContainedJarCheck.problems(jar("none.jar", null, null))).singleElement().asString()
                .contains("Main-Class is missing, not dev.rocky.cli.RockyComponentCli");
        assertThat(SelfContainedJarCheck.problems(jar("other.jar", "lib/x.jar", "org.example.Main"))).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("Main-Class is org.example.Main"));
    }

    @Test
    void aJarWithoutAManifestOrNotAJarAtAllIsReported() throws IOException {
        Path bare = dir.resolve("bare.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bare))) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.closeEntry();
        }
        assertThat(SelfContainedJarCheck.problems(bare)).containsExactly("it has no manifest");
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertThatThrownBy(() -> SelfContainedJarCheck.problems(text)).isInstanceOf(IOException.class);
    }
}
