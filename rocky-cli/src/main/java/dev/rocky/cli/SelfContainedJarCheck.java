package dev.rocky.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The build's check of the self-contained jar ({@code rocky-cli-<version>-all.jar}, made by the
 * shade plugin from the thin jar, whose manifest it starts from), run by {@code mvn package}
 * before the AOT cache is recorded on it. The jar must run alone wherever it is put: its manifest
 * names the CLI's main class and no {@code Class-Path}, since a {@code Class-Path} of
 * {@code lib/…} entries would put whatever jars a {@code lib/} beside it holds after it (in
 * {@code rocky-cli/target}, every jar of the distribution again). Prints nothing when the jar
 * passes; otherwise one line per problem and exit 1, which fails the build.
 */
public final class SelfContainedJarCheck {

    /** The main class the self-contained jar's manifest must name. */
    static final String MAIN_CLASS = RockyComponentCli.class.getName();

    private SelfContainedJarCheck() {
    }

    /**
     * @param jar the self-contained jar
     * @return what is wrong with its manifest, one sentence each; empty when nothing is
     * @throws IOException when the jar cannot be read as a jar
     */
    static List<String> problems(Path jar) throws IOException {
        List<String> problems = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return List.of("it has no manifest");
            }
            Attributes main = manifest.getMainAttributes();
            String classPath = main.getValue(Attributes.Name.CLASS_PATH);
            if (classPath != null && !classPath.isBlank()) {
                String[] entries = classPath.strip().split("\\s+");
                problems.add("its manifest has a Class-Path (" + entries.length + " entries, the first " + entries[0]
                        + "), which puts the jars beside it on the class path");
            }
            String mainClass = main.getValue(Attributes.Name.MAIN_CLASS);
            if (!MAIN_CLASS.equals(mainClass)) {
                problems.add("its manifest's Main-Class is " + (mainClass == null ? "missing" : mainClass) + ", not " + MAIN_CLASS);
            }
        }
        return problems;
    }

    /**
     * @param args the self-contained jar
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SelfContainedJarCheck <self-contained jar>");
            System.exit(2);
        }
        List<String> problems;
        try {
            problems = problems(Path.of(args[0]));
        } catch (IOException e) {
            problems = List.of("it cannot be read as a jar (" + e.getMessage() + ")");
        }
        for (String problem : problems) {
            System.err.println("rocky-cli: the self-contained jar " + args[0] + " does not run alone: " + problem
                    + "; fix the shade plugin's ManifestResourceTransformer in rocky-cli/pom.xml");
        }
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }
}
