package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/rocky-component} starts, given what the build left in {@code rocky-cli/target}
 * and the JDK's feature version: the launcher is copied into a tree of empty stand-in files with
 * chosen modification times, and run with a {@code JAVA_HOME} whose {@code java} prints its
 * arguments, one per line. On JDK 24+ the AOT cache is recorded on the self-contained jar, so
 * that jar must be what runs with it; the root usage's cache belongs to the thin jar; anything
 * older than the thin jar, or a self-contained jar that is not the only one, is not used.
 */
class LauncherTest {

    @TempDir
    Path tree;

    private Path target;
    private Path thin;
    private Path aot;
    private Path helpAot;
    private Path jsa;
    private Path services;
    private Path all;

    @BeforeEach
    void lay() throws IOException {
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("..", "bin", "rocky-component"), bin.resolve("rocky-component"), StandardCopyOption.COPY_ATTRIBUTES);
        target = Files.createDirectories(tree.resolve("rocky-cli/target"));
        thin = file("rocky-component.jar", 100);
        aot = file("rocky-component.aot", 200);
        helpAot = file("rocky-component-help.aot", 200);
        jsa = file("rocky-component.jsa", 200);
        services = file("rocky-component.services", 200);
        all = file("rocky-cli-1.2.3-all.jar", 100);
    }

    private Path file(String name, long secondsAfterEpochBase) throws IOException {
        Path p = Files.writeString(target.resolve(name), name);
        touch(p, secondsAfterEpochBase);
        return p;
    }

    private static void touch(Path p, long seconds) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds)));
    }

    /** A JDK home whose {@code release} names {@code version} and whose {@code java} prints its arguments. */
    private Path jdk(String version) throws IOException {
        Path home = Files.createDirectories(tree.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** The arguments the launcher passed to java for {@code args}. */
    private List<String> launch(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(tree.resolve("bin/rocky-component").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", home.toString());
        pb.environment().remove("ROCKY_COMPONENT_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    /** The jar after {@code -jar}, resolved against the tree. */
    private static Path jarOf(List<String> javaArgs) {
        int i = javaArgs.indexOf("-jar");
        assertThat(i).as("%s", javaArgs).isNotNegative();
        return Path.of(javaArgs.get(i + 1)).normalize();
    }

    private static List<String> options(List<String> javaArgs) {
        return javaArgs.subList(0, javaArgs.indexOf("-jar"));
    }

    @Test
    void onJdk25TheAotCacheRunsWithTheSelfContainedJarItWasRecordedOnAndNoIndex() throws Exception {
        List<String> args = launch(jdk("25.0.1"), "--defs", "d.yaml", "defs");
        assertThat(jarOf(args)).isEqualTo(all.normalize());
        assertThat(options(args)).anyMatch(o -> o.startsWith("-XX:AOTCache=") && Path.of(o.substring(13)).normalize().equals(aot.normalize()))
                .noneMatch(o -> o.startsWith("-Drocky.classpath.services") || o.startsWith("-XX:SharedArchiveFile"));
        assertThat(args.subList(args.indexOf("-jar") + 2, args.size())).containsExactly("--defs", "d.yaml", "defs");
    }

    @Test
    void onJdk25TheRootUsageRunsTheThinJarWithItsOwnCache() throws Exception {
        List<String> args = launch(jdk("25"), "--help");
        assertThat(jarOf(args)).isEqualTo(thin.normalize());
        assertThat(options(args)).anyMatch(o -> o.startsWith("-XX:AOTCache=") && Path.of(o.substring(13)).normalize().equals(helpAot.normalize()));
    }

    @Test
    void onJdk25WithoutExactlyOneSelfContainedJarTheThinJarRunsWithoutTheAotCache() throws Exception {
        Path home = jdk("25.0.1");
        Files.writeString(target.resolve("rocky-cli-1.2.2-all.jar"), "an older version's");
        List<String> two = launch(home, "defs");
        assertThat(jarOf(two)).isEqualTo(thin.normalize());
        assertThat(options(two)).noneMatch(o -> o.startsWith("-XX:AOTCache="));

        Files.delete(target.resolve("rocky-cli-1.2.2-all.jar"));
        Files.delete(all);
        List<String> none = launch(home, "defs");
        assertThat(jarOf(none)).isEqualTo(thin.normalize());
        assertThat(options(none)).noneMatch(o -> o.startsWith("-XX:AOTCache="));
    }

    @Test
    void onJdk25ACacheOlderThanTheThinJarIsNotUsedAndTheThinJarRuns() throws Exception {
        touch(thin, 300);
        List<String> args = launch(jdk("25.0.1"), "defs");
        assertThat(jarOf(args)).isEqualTo(thin.normalize());
        assertThat(options(args)).noneMatch(o -> o.startsWith("-XX:AOTCache=")).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void onJdk17TheThinJarRunsWithTheCdsArchiveAndTheClasspathIndexWhateverSelfContainedJarIsThere() throws Exception {
        List<String> args = launch(jdk("17.0.15"), "defs");
        assertThat(jarOf(args)).isEqualTo(thin.normalize());
        assertThat(options(args)).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=") && Path.of(o.substring(22)).normalize().equals(jsa.normalize()))
                .anyMatch(o -> o.startsWith("-Drocky.classpath.services=") && Path.of(o.substring(27)).normalize().equals(services.normalize()))
                .noneMatch(o -> o.startsWith("-XX:AOTCache="));
    }
}
