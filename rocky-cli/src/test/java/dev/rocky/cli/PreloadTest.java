package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's start-up work: the preload names classes that exist and the service file the plugin
 * lookup reads, so a rename cannot silently disable it; {@code main} keeps picocli from searching
 * the class path for Groovy; no class of the distribution links a string concatenation at run time.
 */
class PreloadTest {

    @TempDir
    Path tmp;

    @Test
    void everyPreloadedClassExistsAndInitialises() {
        assertThat(RockyComponentCli.PRELOADED).isNotEmpty();
        for (String name : RockyComponentCli.PRELOADED) {
            assertThatCode(() -> Class.forName(name, true, RockyComponentCli.class.getClassLoader()))
                    .as(name).doesNotThrowAnyException();
        }
    }

    /**
     * {@code defs} of a refreshed project, in a JVM of its own, makes no {@code ObjectMapper}: the
     * defs.yaml, the state and the model files are read as trees and slots without one, so the
     * start-up never initialises Jackson's date format (its calendar loads the locale data) nor
     * builds a deserializer by introspection. A class load log names every class the JVM loaded.
     */
    @Test
    void defsOfARefreshedProjectMakesNoObjectMapper() throws Exception {
        CliFixture fx = new CliFixture(tmp.resolve("fx"));
        assertThat(fx.cli("refresh").exitCode()).isZero();
        Path log = tmp.resolve("classes.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(),
                "--defs", fx.defs.toString(), "defs").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("1 asset in 1 group");
        String loaded = java.nio.file.Files.readString(log);
        assertThat(loaded).contains("dev.rocky.json.SlotReader ").contains("dev.rocky.json.JsonTrees ")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ")
                .doesNotContain("com.fasterxml.jackson.databind.util.StdDateFormat ");
    }

    /**
     * The preload thread, not the main thread, loads the YAML parser's scanner and comment classes
     * (a defs.yaml with a comment needs them), the SHA-256
     * digest's implementation and {@code java.time}'s formatters (the warm-up of {@code preload}):
     * a class load log with thread ids,
     * of a JVM that runs the preload alone and waits for it.
     */
    @Test
    void thePreloadThreadLoadsTheYamlScannerTheDigestAndTheTimeFormatters() throws Exception {
        Path log = tmp.resolve("preload.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log + ":tid", "-cp", System.getProperty("java.class.path"), PreloadProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        java.util.Map<String, String> threadOf = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(log)) {
            // [tid] class.Name source: ...
            String[] parts = line.split(" ");
            if (parts.length > 1) {
                threadOf.putIfAbsent(parts[1], parts[0]);
            }
        }
        String main = threadOf.get(PreloadProbe.class.getName());
        assertThat(main).isNotNull();
        for (String name : List.of("dev.rocky.component.config.DefsYamlLoader", "org.yaml.snakeyaml.scanner.ScannerImpl",
                "org.yaml.snakeyaml.comments.CommentType", "com.fasterxml.jackson.databind.node.ObjectNode", "sun.security.provider.SHA2", "java.time.format.DateTimeFormatter")) {
            assertThat(threadOf).as(name).containsKey(name);
            assertThat(threadOf.get(name)).as(name + " loaded by the preload thread").isNotEqualTo(main);
        }
    }

    /** The file the preload lists is the one a plugin jar declares its factory in (the example plugin's). */
    @Test
    void theListedServiceFileIsThePluginsOwn() throws Exception {
        Path jar = TranslatorPluginExampleTest.pluginJar(tmp);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<URL> found = Collections.list(loader.getResources(RockyComponentCli.PLUGIN_SERVICES));
            assertThat(found).hasSize(1);
            try (var in = found.get(0).openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("TenantTranslatorFactory");
            }
        }
    }

    /** picocli, traced, says it skipped the Groovy lookup: {@code main} told it to before its first use. */
    @Test
    void mainTurnsOffPicocliGroovyLookup() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dpicocli.trace=INFO",
                "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--help")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(err).contains("groovy Closures in annotations are disabled and will not be loaded");
    }

    /**
     * The build compiles string concatenation to {@code StringBuilder} calls ({@code -XDstringConcat=inline}
     * in the parent POM and in rocky-picocli): javac's default, an {@code invokedynamic} to
     * {@code StringConcatFactory.makeConcatWithConstants}, spins method-handle classes at each shape's
     * first use, which no CDS archive of JDK 17 holds (about 40 classes on {@code --help}, 80 on the
     * example's {@code defs}). Every class of rocky-java's modules and of picocli on this class path
     * is read; none may name that bootstrap method.
     */
    @Test
    void noClassLinksStringConcatenationAtRunTime() throws Exception {
        // joined at run time, so that this class's own constants do not hold the name it looks for
        byte[] bootstrap = String.join("", "makeConcat", "WithConstants").getBytes(StandardCharsets.UTF_8);
        java.util.Map<String, Integer> read = new java.util.TreeMap<>();
        List<String> offenders = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path root = Path.of(entry).toAbsolutePath();
            if (!java.nio.file.Files.exists(root)) {
                continue;
            }
            // a module's jar (rocky-core-….jar) or its target/classes directory (rocky-core/target/classes)
            boolean directory = java.nio.file.Files.isDirectory(root);
            Path named = directory ? root.getParent() == null ? null : root.getParent().getParent() : root;
            String name = named == null || named.getFileName() == null ? "" : named.getFileName().toString();
            String owner = name.startsWith("rocky-picocli") ? "picocli" : name.startsWith("rocky-") ? "rocky" : null;
            if (owner == null) {
                continue;
            }
            if (directory) {
                try (var files = java.nio.file.Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        read.merge(owner, 1, Integer::sum);
                        if (contains(java.nio.file.Files.readAllBytes(f), bootstrap)) {
                            offenders.add(root.relativize(f).toString());
                        }
                    }
                }
            } else {
                try (var jar = new java.util.zip.ZipFile(root.toFile())) {
                    for (var e : Collections.list(jar.entries())) {
                        if (e.getName().endsWith(".class")) {
                            read.merge(owner, 1, Integer::sum);
                            try (var in = jar.getInputStream(e)) {
                                if (contains(in.readAllBytes(), bootstrap)) {
                                    offenders.add(root.getFileName() + "!" + e.getName());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(read.getOrDefault("picocli", 0)).as("picocli's classes read").isGreaterThan(100);
        assertThat(read.getOrDefault("rocky", 0)).as("rocky-java's classes read").isGreaterThan(500);
        assertThat(offenders).as("classes with an invokedynamic string concatenation").isEmpty();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
