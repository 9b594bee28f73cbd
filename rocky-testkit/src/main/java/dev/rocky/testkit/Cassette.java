package dev.rocky.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The answers a fake rocky gives, by subcommand arguments. Uses the JDK only, so the executable
 * fake ({@link FakeRockyMain}) can load it without any other jar.
 *
 * <p>On disk a cassette is a directory with a {@code cassette.properties} file:
 * <pre>
 * version = rocky 1.71.0                 # what `rocky --version` prints
 * journal = journal.jsonl                # optional: where the executable appends invocations
 * discover.args = discover               # subcommand arguments, separated by single spaces
 * discover.stdout = discover.json        # file beside cassette.properties (optional)
 * discover.stderr = discover.stderr      # (optional)
 * discover.exit = 0                      # (optional, default 0)
 * discover.provenance = recorded: rocky 1.71.0, `rocky discover` in 01-replication-basics
 * </pre>
 * The environment variable {@code ROCKY_FAKE_JOURNAL} overrides {@code journal}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Cassette {

    /** The file a cassette directory holds. */
    public static final String FILE = "cassette.properties";

    /** What {@code rocky --version} prints when the cassette does not say. */
    public static final String DEFAULT_VERSION = "rocky 1.71.0";

    private final Map<List<String>, Recording> recordings;
    private final String version;
    private final Optional<Path> journal;

    private Cassette(Map<List<String>, Recording> recordings, String version, Optional<Path> journal) {
        this.recordings = Map.copyOf(recordings);
        this.version = version;
        this.journal = journal;
    }

    /** @return a builder for an in-memory cassette */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads a cassette directory.
     *
     * @param dir a directory holding {@value #FILE}
     * @return the cassette
     * @throws IllegalArgumentException when the file is missing or names a file that does not exist
     * @throws UncheckedIOException when a file cannot be read
     */
    public static Cassette load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir + "; a cassette directory needs one");
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Builder builder = builder().version(p.getProperty("version", DEFAULT_VERSION));
        String journal = p.getProperty("journal");
        if (journal != null && !journal.isBlank()) {
            builder.journal(dir.resolve(journal.strip()));
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".args")) {
                ids.add(key.substring(0, key.length() - ".args".length()));
            }
        }
        for (String id : ids) {
            List<String> args = splitArgs(p.getProperty(id + ".args"));
            byte[] stdout = readOptional(dir, p.getProperty(id + ".stdout"), file, id);
            byte[] stderr = readOptional(dir, p.getProperty(id + ".stderr"), file, id);
            int exit;
            try {
                exit = Integer.parseInt(p.getProperty(id + ".exit", "0").strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": " + id + ".exit is not an integer", e);
            }
            builder.answer(new Recording(args, stdout, stderr, exit,
                    p.getProperty(id + ".provenance", "unlabelled: " + file)));
        }
        return builder.build();
    }

    /**
     * Removes rocky's global options from an argv: the program, {@code --config X},
     * {@code --state-path X}, {@code --state-namespace X} and {@code --output X}.
     *
     * @param argv a full argv, program first
     * @return the subcommand and its arguments
     */
    public static List<String> subcommandArgs(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--config") || a.equals("--state-path") || a.equals("--state-namespace") || a.equals("--output")) {
                i++;
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /**
     * @param args subcommand arguments, as {@link #subcommandArgs} gives
     * @return the recorded answer, when there is one
     */
    public Optional<Recording> find(List<String> args) {
        return Optional.ofNullable(recordings.get(args));
    }

    /**
     * What the fake does for a full argv: {@code --version} prints {@link #version()}; a recorded
     * argument list gets its recording; anything else gets exit 2 with an {@code error:} line on
     * stderr and empty stdout, like rocky's own usage errors.
     *
     * @param argv a full argv, program first
     * @return the answer to give
     */
    public Recording answer(List<String> argv) {
        List<String> args = subcommandArgs(argv);
        if (args.equals(List.of("--version"))) {
            return new Recording(args, (version + "\n").getBytes(StandardCharsets.UTF_8), new byte[0], 0, "cassette version");
        }
        Recording found = recordings.get(args);
        if (found != null) {
            return found;
        }
        String message = "error: the fake rocky has no recording for `" + String.join(" ", args)
                + "`; add one to the cassette\n";
        return new Recording(args, new byte[0], message.getBytes(StandardCharsets.UTF_8), 2, "unrecorded");
    }

    /**
     * Writes this cassette as a directory {@link #load} reads back: {@value #FILE} plus one
     * {@code <id>.stdout} / {@code <id>.stderr} file per recording that has bytes.
     *
     * @param dir the directory; created when absent
     * @return {@code dir}
     * @throws UncheckedIOException when it cannot be written
     */
    public Path write(Path dir) {
        StringBuilder props = new StringBuilder("# Cassette written by rocky-testkit\nversion = ").append(version).append('\n');
        journal.ifPresent(j -> props.append("journal = ").append(j.toAbsolutePath()).append('\n'));
        List<Recording> sorted = new ArrayList<>(recordings.values());
        sorted.sort((a, b) -> String.join(" ", a.args()).compareTo(String.join(" ", b.args())));
        try {
            Files.createDirectories(dir);
            int n = 0;
            for (Recording r : sorted) {
                String id = "r" + n++;
                props.append('\n').append(id).append(".args = ").append(String.join(" ", r.args())).append('\n');
                if (r.stdout().length > 0) {
                    Files.write(dir.resolve(id + ".stdout"), r.stdout());
                    props.append(id).append(".stdout = ").append(id).append(".stdout\n");
                }
                if (r.stderr().length > 0) {
                    Files.write(dir.resolve(id + ".stderr"), r.stderr());
                    props.append(id).append(".stderr = ").append(id).append(".stderr\n");
                }
                props.append(id).append(".exit = ").append(r.exitCode()).append('\n');
                props.append(id).append(".provenance = ").append(r.provenance().replace("\n", " ")).append('\n');
            }
            Files.writeString(dir.resolve(FILE), props, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cassette to " + dir, e);
        }
    }

    /** @return every recording, in no particular order */
    public List<Recording> recordings() {
        return List.copyOf(recordings.values());
    }

    /** @return what {@code rocky --version} prints, e.g. {@code rocky 1.71.0} */
    public String version() {
        return version;
    }

    /** @return where the executable fake appends its journal, when set */
    public Optional<Path> journal() {
        return journal;
    }

    private static List<String> splitArgs(String text) {
        String s = text.strip();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    private static byte[] readOptional(Path dir, String name, Path file, String id) {
        if (name == null || name.isBlank()) {
            return new byte[0];
        }
        Path path = dir.resolve(name.strip());
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(file + ": " + id + " names " + path + ", which does not exist");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Builds an in-memory {@link Cassette}. Not thread-safe. */
    public static final class Builder {

        private final Map<List<String>, Recording> recordings = new LinkedHashMap<>();
        private String version = DEFAULT_VERSION;
        private Path journal;

        private Builder() {
        }

        /**
         * @param versionLine what {@code rocky --version} prints
         * @return this builder
         */
        public Builder version(String versionLine) {
            this.version = Objects.requireNonNull(versionLine, "versionLine is null");
            return this;
        }

        /**
         * @param file where the executable fake appends its journal
         * @return this builder
         */
        public Builder journal(Path file) {
            this.journal = file;
            return this;
        }

        /**
         * Adds or replaces the answer for its arguments.
         *
         * @param recording the answer
         * @return this builder
         */
        public Builder answer(Recording recording) {
            recordings.put(recording.args(), recording);
            return this;
        }

        /**
         * Adds an answer that prints JSON and exits 0.
         *
         * @param args subcommand arguments
         * @param json the stdout
         * @param provenance where it comes from
         * @return this builder
         */
        public Builder answerJson(List<String> args, String json, String provenance) {
            return answer(new Recording(args, json.getBytes(StandardCharsets.UTF_8), new byte[0], 0, provenance));
        }

        /** @return the cassette */
        public Cassette build() {
            return new Cassette(recordings, version, Optional.ofNullable(journal));
        }
    }
}
