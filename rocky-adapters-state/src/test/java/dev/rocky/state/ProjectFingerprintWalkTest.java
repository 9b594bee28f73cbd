package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fingerprint's walk of a tree lists the files {@code Files.walkFileTree} lists without
 * {@code FOLLOW_LINKS} (which it replaced), in the same order: the tree's listing, kept in
 * the digest file, must not change with the walk. One deliberate difference: a root that is a link
 * to a directory is listed through the link (the old walk listed nothing under it). Seeded trees of nested directories, hidden files
 * and directories, links to files and directories inside and outside the tree, and empty
 * directories.
 */
class ProjectFingerprintWalkTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aGeneratedTreeIsListedAsWalkFileTreeListsIt(long seed) throws IOException {
        Path root = dir.resolve("models").toAbsolutePath().normalize();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("elsewhere.sql"), "select 1");
        Random random = new Random(seed);
        List<Path> dirs = new ArrayList<>(List.of(Files.createDirectories(root)));
        for (int i = 0; i < 120; i++) {
            Path parent = dirs.get(random.nextInt(dirs.size()));
            String name = (random.nextInt(8) == 0 ? "." : "") + "e" + i + (random.nextBoolean() ? ".sql" : "");
            Path entry = parent.resolve(name);
            switch (random.nextInt(6)) {
                case 0 -> dirs.add(Files.createDirectories(entry));
                case 1 -> Files.createSymbolicLink(entry, random.nextBoolean() ? outside : outside.resolve("elsewhere.sql"));
                case 2 -> {
                    Path target = dirs.get(random.nextInt(dirs.size()));
                    Files.createSymbolicLink(entry, target);
                }
                default -> Files.writeString(entry, "select " + i);
            }
        }
        List<String> listed = ProjectFingerprint.listedPaths(root);
        assertThat(listed).isEqualTo(walkFileTree(root)).isNotEmpty();
        Path link = Files.createSymbolicLink(dir.resolve("linked"), root).toAbsolutePath().normalize();
        assertThat(ProjectFingerprint.listedPaths(link)).as("the tree through a link to it").isEqualTo(listed);
    }

    @Test
    void aLinkToTheTreeIsListedThroughTheLinkWhereWalkFileTreeListedNothing() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a.sql"), "select 1");
        Files.createDirectories(real.resolve("marts"));
        Files.writeString(real.resolve("marts/b.sql"), "select 2");
        Path link = Files.createSymbolicLink(dir.resolve("models"), real).toAbsolutePath().normalize();
        assertThat(walkFileTree(link)).as("the walk it replaced").isEmpty();
        assertThat(ProjectFingerprint.listedPaths(link)).containsExactlyInAnyOrder("a.sql", "marts/b.sql")
                .isEqualTo(ProjectFingerprint.listedPaths(real.toAbsolutePath().normalize()));
        Path chained = Files.createSymbolicLink(dir.resolve("chained"), link).toAbsolutePath().normalize();
        assertThat(ProjectFingerprint.listedPaths(chained)).as("a link to the link").hasSize(2);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone")).toAbsolutePath().normalize();
        assertThat(ProjectFingerprint.listedPaths(dangling)).isEmpty();
    }

    @Test
    void aTreeDeeperThanTheLimitIsListedToTheLimit() throws IOException {
        Path root = dir.resolve("models").toAbsolutePath().normalize();
        Path d = root;
        for (int depth = 0; depth < 70; depth++) {
            d = Files.createDirectories(d.resolve("d"));
            Files.writeString(d.resolve("f.sql"), "select " + depth);
        }
        List<String> listed = ProjectFingerprint.listedPaths(root);
        assertThat(listed).isEqualTo(walkFileTree(root)).hasSize(63);
    }

    /** The listing the fingerprint made before: {@code Files.walkFileTree} and its visitor's rules. */
    private static List<String> walkFileTree(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        String rootString = root.toString();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 64, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(root) && d.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                    out.add(file.toString().substring(rootString.length() + 1));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return out;
    }
}
