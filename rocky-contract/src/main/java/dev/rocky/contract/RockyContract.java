package dev.rocky.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Read access to the rocky CLI contract bundled in this jar: the engine's draft-07 JSON Schemas
 * ({@code schemas/<name>.schema.json}), stdout recorded from the real rocky 1.71.0 binary
 * ({@code fixtures/…}), and the playground projects those recordings were made in
 * ({@code projects/<name>/…}). {@code MANIFEST.md} beside the data maps each fixture to its project
 * and argv.
 *
 * <p>The data is Apache-2.0 licensed (rocky-data/rocky); {@code LICENSE-rocky-data} and
 * {@code NOTICE} travel with it. Paths given to and returned by this class are relative to the
 * contract root and use {@code /} as separator, e.g. {@code fixtures/discover.json}.
 *
 * <p>Thread-safe: the class holds no mutable state.
 */
public final class RockyContract {

    private static final String ROOT = "/dev/rocky/contract/";
    private static final List<String> FILES = readIndex();

    private RockyContract() {
    }

    /**
     * Every bundled data file, sorted, relative to the contract root.
     *
     * @return an immutable list such as {@code [fixtures/apply.json, …, schemas/state.schema.json]}
     */
    public static List<String> files() {
        return FILES;
    }

    /**
     * The bundled files under a folder.
     *
     * @param folder a folder relative to the contract root, e.g. {@code fixtures} or
     *     {@code projects/01-replication-basics}
     * @return the files below it (recursively), sorted; empty when there are none
     */
    public static List<String> filesUnder(String folder) {
        Objects.requireNonNull(folder, "folder is null");
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<String> out = new ArrayList<>();
        for (String file : FILES) {
            if (file.startsWith(prefix)) {
                out.add(file);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The recorded stdout fixtures ({@code fixtures/**.json}), including the un-normalised
     * {@code fixtures/live/} ones.
     *
     * @return relative paths, sorted
     */
    public static List<String> fixtures() {
        return filesUnder("fixtures");
    }

    /**
     * Names of the bundled playground projects, e.g. {@code 01-replication-basics}.
     *
     * @return project folder names, sorted, without duplicates
     */
    public static List<String> projects() {
        List<String> names = new ArrayList<>();
        for (String file : filesUnder("projects")) {
            String name = file.substring("projects/".length(), file.indexOf('/', "projects/".length()));
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Opens a bundled file.
     *
     * @param path a path from {@link #files()}
     * @return a stream the caller closes
     * @throws IllegalArgumentException when no such file is bundled
     */
    public static InputStream open(String path) {
        InputStream in = RockyContract.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IllegalArgumentException("no contract file '" + path
                    + "' in rocky-contract; RockyContract.files() lists what is bundled");
        }
        return in;
    }

    /**
     * Reads a bundled file as UTF-8 text.
     *
     * @param path a path from {@link #files()}
     * @return the file's content
     * @throws IllegalArgumentException when no such file is bundled
     * @throws UncheckedIOException when the jar cannot be read
     */
    public static String read(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract file " + path, e);
        }
    }

    /**
     * Reads the JSON Schema with the given name.
     *
     * @param name the schema's name without suffix, e.g. {@code discover} or {@code retention_status}
     * @return the schema text
     * @throws IllegalArgumentException when the engine publishes no such schema
     */
    public static String schema(String name) {
        return read("schemas/" + name + ".schema.json");
    }

    /**
     * Copies a bundled folder (for example a playground project) into a directory on disk, so
     * that code that walks real files, such as the rocky binary or its fakes, can use it.
     *
     * @param folder a folder relative to the contract root, e.g. {@code projects/07-dagster-dag-mode}
     * @param target the directory to copy into; created when absent; existing files are replaced
     * @return {@code target}
     * @throws IllegalArgumentException when nothing is bundled under {@code folder}
     * @throws UncheckedIOException when a file cannot be written
     */
    public static Path extract(String folder, Path target) {
        List<String> files = filesUnder(folder);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing bundled under '" + folder
                    + "'; RockyContract.projects() lists the projects");
        }
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try {
            for (String file : files) {
                Path out = target.resolve(file.substring(prefix.length()));
                Files.createDirectories(out.getParent());
                try (InputStream in = open(file)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + folder + " into " + target, e);
        }
        return target;
    }

    private static List<String> readIndex() {
        String index = read("INDEX");
        List<String> out = new ArrayList<>();
        for (String line : index.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return List.copyOf(out);
    }
}
