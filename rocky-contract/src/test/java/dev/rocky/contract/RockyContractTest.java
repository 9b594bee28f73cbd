package dev.rocky.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RockyContractTest {

    private static final Path SOURCE_ROOT = Path.of("src/main/resources/dev/rocky/contract");

    @Test
    void indexListsExactlyTheDataFilesOnDisk() throws IOException {
        List<String> onDisk;
        try (Stream<Path> walk = Files.walk(SOURCE_ROOT)) {
            onDisk = walk.filter(Files::isRegularFile)
                    .map(p -> SOURCE_ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("INDEX"))
                    .sorted()
                    .toList();
        }
        assertThat(RockyContract.files()).containsExactlyElementsOf(onDisk);
    }

    @Test
    void everyIndexedFileIsReadableFromTheClasspath() {
        for (String file : RockyContract.files()) {
            assertThat(RockyContract.read(file)).as(file).isNotNull();
        }
    }

    @Test
    void listsTheTenPlaygroundProjects() {
        assertThat(RockyContract.projects()).hasSize(10)
                .contains("01-replication-basics", "07-dagster-dag-mode");
    }

    @Test
    void extractsAProjectWithItsModels(@TempDir Path dir) {
        Path project = RockyContract.extract("projects/07-dagster-dag-mode", dir.resolve("p"));
        assertThat(project.resolve("rocky.toml")).isRegularFile();
        assertThat(project.resolve("models/_defaults.toml")).isRegularFile();
        assertThat(project.resolve("models/stg_orders.toml")).isRegularFile();
    }

    @Test
    void unknownFilesAndFoldersAreNamedInTheError(@TempDir Path dir) {
        assertThatThrownBy(() -> RockyContract.read("fixtures/nope.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixtures/nope.json");
        assertThatThrownBy(() -> RockyContract.extract("projects/nope", dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("projects/nope");
    }
}
