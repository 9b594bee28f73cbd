package dev.rocky.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs the fake rocky as a real executable: a POSIX shell launcher named {@code rocky} that
 * runs {@link FakeRockyMain} on this JVM's {@code java} with the jar (or class folder) this class
 * was loaded from. Point {@code binary_path} at it to run a pipeline against recorded output.
 */
public final class FakeRockyExecutable {

    private FakeRockyExecutable() {
    }

    /**
     * @param dir the directory to put {@code rocky} in; created when absent
     * @param cassetteDir the cassette directory the fake answers from
     * @return the launcher's path
     * @throws UncheckedIOException when it cannot be written
     */
    public static Path install(Path dir, Path cassetteDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\n"
                + "# Fake rocky installed by rocky-testkit: answers from the cassette below, never from a warehouse.\n"
                + "exec " + quote(java.toString()) + " -XX:TieredStopAtLevel=1 -Xshare:auto -cp "
                + quote(codeLocation().toString()) + " " + FakeRockyMain.class.getName()
                + " --cassette " + quote(cassetteDir.toAbsolutePath().toString()) + " \"$@\"\n";
        Path launcher = dir.resolve("rocky");
        try {
            Files.createDirectories(dir);
            Files.writeString(launcher, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the fake rocky into " + dir, e);
        }
        return launcher;
    }

    private static Path codeLocation() {
        try {
            return Path.of(FakeRockyMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the rocky-testkit classes", e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
