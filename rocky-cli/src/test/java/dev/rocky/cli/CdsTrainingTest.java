package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class names the start-up training loads into the class-data-sharing archive, read from a jar
 * and from a classes directory the same way.
 */
class CdsTrainingTest {

    private static final List<String> ENTRIES = List.of("module-info.class", "META-INF/MANIFEST.MF",
            "META-INF/versions/21/dev/rocky/x/Later.class", "dev/rocky/x/package-info.class", "dev/rocky/x/A.class",
            "dev/rocky/x/A$Inner.class", "dev/rocky/x/y/B.class", "dev/rocky/x/notes.txt");

    private static final List<String> CLASSES = List.of("dev.rocky.x.A", "dev.rocky.x.A$Inner", "dev.rocky.x.y.B");

    @Test
    void aJarsClassesAreNamedWithoutDescriptorsOrVersionedEntries(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("m.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : ENTRIES) {
                out.putNextEntry(new JarEntry(entry));
                out.write(1);
                out.closeEntry();
            }
        }
        assertThat(CdsTraining.classNames(jar)).containsExactlyElementsOf(CLASSES);
    }

    @Test
    void aDirectorysClassesAreNamedAsAJarsAre(@TempDir Path dir) throws IOException {
        for (String entry : ENTRIES) {
            Path file = dir.resolve(entry);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(1);
            }
        }
        assertThat(CdsTraining.classNames(dir)).containsExactlyElementsOf(CLASSES);
    }

    @Test
    void theGraphModulesHoldTheClassesTheTrainingLoads() throws Exception {
        Path core = Path.of(dev.rocky.core.spec.Definitions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(CdsTraining.classNames(core)).contains("dev.rocky.core.service.PartitionRules", "dev.rocky.core.spec.KeyIndex")
                .allSatisfy(name -> assertThat(name).startsWith("dev.rocky."));
    }
}
