package dev.rocky.testkit;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.contract.RockyContract;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Installs the fake rocky as a real executable: a POSIX shell launcher named {@code rocky} that
 * runs {@link FakeRockyMain} on this JVM's {@code java}, with the jars of rocky-testkit, rocky-core,
 * rocky-contract and Jackson copied into {@code lib/} beside it (class folders, as in a build's
 * tests, are referenced where they are), so an installed fake keeps working when the build tree
 * that installed it is cleaned or the directory is moved. Point {@code binary_path}
 * at it to run a pipeline against a project's files, recordings and faults.
 */
public final class FakeRockyExecutable {

    private FakeRockyExecutable() {
    }

    /**
     * Installs a replay-only fake (it still derives answers from the project in its working
     * directory when one is there).
     *
     * @param dir the directory to put {@code rocky} in; created when absent
     * @param cassetteDir the cassette directory the fake replays
     * @return the launcher's path
     * @throws UncheckedIOException when it cannot be written
     */
    public static Path install(Path dir, Path cassetteDir) {
        return install(dir, Optional.of(cassetteDir), Optional.empty(), Optional.empty());
    }

    /**
     * Installs a fake.
     *
     * @param dir the directory to put {@code rocky} in; created when absent
     * @param cassetteDir recordings that win over derived answers, when given
     * @param projectDir the project to answer from, when given; otherwise the one in the working
     *     directory ({@code --config}, default {@code rocky.toml}), as rocky itself finds it
     * @param scenarioFile faults and settings ({@link Scenario#load}), when given
     * @return the launcher's path
     * @throws UncheckedIOException when it cannot be written
     */
    public static Path install(Path dir, Optional<Path> cassetteDir, Optional<Path> projectDir, Optional<Path> scenarioFile) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path lib = dir.resolve("lib");
        List<String> classPath = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Set<Path> locations = new LinkedHashSet<>();
            for (Class<?> c : List.of(FakeRockyMain.class, dev.rocky.core.model.EnvSubstitution.class, RockyContract.class,
                    JsonNode.class, JsonFactory.class,
                    JsonAutoDetect.class, TomlMapper.class)) {
                locations.add(codeLocation(c));
            }
            for (Path location : locations) {
                if (Files.isRegularFile(location)) {
                    // A jar is copied beside the launcher, so the fake keeps working when the build tree is gone.
                    Files.createDirectories(lib);
                    Files.copy(location, lib.resolve(location.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    classPath.add("$here/lib/" + location.getFileName());
                } else {
                    classPath.add(location.toAbsolutePath().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the fake rocky into " + dir + ": " + e, e);
        }
        StringBuilder options = new StringBuilder();
        cassetteDir.ifPresent(c -> options.append(" --cassette ").append(quote(c.toAbsolutePath().toString())));
        projectDir.ifPresent(p -> options.append(" --project ").append(quote(p.toAbsolutePath().toString())));
        scenarioFile.ifPresent(s -> options.append(" --scenario ").append(quote(s.toAbsolutePath().toString())));
        String script = "#!/bin/sh\n"
                + "# Fake rocky installed by rocky-testkit: it answers from a Rocky project's files and recordings of the real\n"
                + "# binary, never from a warehouse. Faults come from the scenario file, if one is named below. Its jars are in\n"
                + "# lib/ beside it, so the directory can be moved; the JVM is the one that installed it, else java on PATH.\n"
                + "here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
                + "java=" + quote(java.toString()) + "\n"
                + "[ -x \"$java\" ] || java=java\n"
                + "exec \"$java\" -XX:TieredStopAtLevel=1 -Xshare:auto -cp \"" + String.join(File.pathSeparator,
                        classPath.stream().map(FakeRockyExecutable::doubleQuoted).toList()) + "\" " + FakeRockyMain.class.getName()
                + options + " -- \"$@\"\n";
        Path launcher = dir.resolve("rocky");
        try {
            Files.writeString(launcher, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the fake rocky into " + dir + ": " + e, e);
        }
        return launcher;
    }

    /** Escapes a class-path entry for the inside of a double-quoted shell word; {@code $here} stays a variable. */
    private static String doubleQuoted(String entry) {
        String prefix = entry.startsWith("$here/") ? "$here/" : "";
        String rest = entry.substring(prefix.length());
        return prefix + rest.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
    }

    private static Path codeLocation(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the classes of " + c.getName() + " to put on the fake rocky's class path", e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
