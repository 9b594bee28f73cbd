package dev.rocky.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a project-model fake behaves beyond what the project's files say: faults per subcommand, the
 * retention the warehouse reports, the version line. The executable fake reads the same scenario
 * from a properties file ({@link #load}, {@link #write}):
 *
 * <pre>
 * version = rocky 1.71.0           # what `rocky --version` prints
 * fault.discover = hang 30s        # a {@link Fault} spec per subcommand; "fault.* = …" for every one
 * fault.run = partial-failure
 * retention.page_views_30d = 7     # warehouse retention (days) for retention-status; others in sync
 * </pre>
 *
 * @param versionLine what {@code rocky --version} prints
 * @param faults subcommand ({@code *} for any) to fault
 * @param warehouseRetentionDays model to the retention the warehouse reports
 */
public record Scenario(String versionLine, Map<String, Fault> faults, Map<String, Long> warehouseRetentionDays) {

    /**
     * Copies the maps; rejects {@code null}, and a fault set on a subcommand whose output it cannot
     * rewrite (e.g. {@code fault.dag = partial-failure}), which would otherwise be silently ignored.
     */
    public Scenario {
        Objects.requireNonNull(versionLine, "versionLine is null");
        faults.forEach(Scenario::checkApplies);
        faults = Map.copyOf(faults);
        warehouseRetentionDays = Map.copyOf(warehouseRetentionDays);
    }

    /** @return no faults, retention in sync, {@value Cassette#DEFAULT_VERSION} */
    public static Scenario none() {
        return new Scenario(Cassette.DEFAULT_VERSION, Map.of(), Map.of());
    }

    private static void checkApplies(String subcommand, Fault fault) {
        if (!fault.appliesTo().isEmpty() && !fault.appliesTo().contains(subcommand)) {
            throw new IllegalArgumentException("fault." + subcommand + " = " + fault.spec() + ": this fault rewrites the output of "
                    + String.join(" or ", fault.appliesTo()) + " only; set it as fault." + fault.appliesTo().get(0));
        }
    }

    /**
     * @param subcommand a subcommand, e.g. {@code run}
     * @return the fault for it: its own; for {@code apply}, else the {@code run} fault when it also
     *     rewrites {@code apply} (apply prints a run); else the {@code *} one
     */
    public Optional<Fault> faultFor(String subcommand) {
        return Optional.ofNullable(faults.get(subcommand))
                .or(() -> subcommand.equals("apply") ? Optional.ofNullable(faults.get("run")).filter(f -> f.appliesTo().contains("apply"))
                        : Optional.empty())
                .or(() -> Optional.ofNullable(faults.get("*")));
    }

    /**
     * @param subcommand a subcommand, or {@code *} for every one
     * @param fault the fault
     * @return a copy with the fault added (replacing one for the same subcommand)
     */
    public Scenario withFault(String subcommand, Fault fault) {
        Map<String, Fault> f = new LinkedHashMap<>(faults);
        f.put(subcommand, fault);
        return new Scenario(versionLine, f, warehouseRetentionDays);
    }

    /**
     * @param line what {@code rocky --version} prints
     * @return a copy with that version line
     */
    public Scenario withVersion(String line) {
        return new Scenario(line, faults, warehouseRetentionDays);
    }

    /**
     * Reads a scenario file.
     *
     * @param file the properties file
     * @return the scenario
     * @throws IllegalArgumentException naming the file and key when a value cannot be read
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Scenario load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario " + file, e);
        }
        Map<String, Fault> faults = new LinkedHashMap<>();
        Map<String, Long> retention = new LinkedHashMap<>();
        for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            String value = p.getProperty(key).strip();
            try {
                if (key.startsWith("fault.")) {
                    Fault fault = Fault.parse(value);
                    checkApplies(key.substring(6), fault);
                    faults.put(key.substring(6), fault);
                } else if (key.startsWith("retention.")) {
                    retention.put(key.substring(10), Long.parseLong(value));
                } else if (!key.equals("version")) {
                    throw new IllegalArgumentException("unknown key; expected version, fault.<subcommand> or retention.<model>");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + key + ": " + e.getMessage(), e);
            }
        }
        return new Scenario(p.getProperty("version", Cassette.DEFAULT_VERSION).strip(), faults, retention);
    }

    /**
     * Writes this scenario as a file {@link #load} reads back.
     *
     * @param file where
     * @throws UncheckedIOException when it cannot be written
     */
    public void write(Path file) {
        StringBuilder out = new StringBuilder("# rocky-testkit scenario\nversion = ").append(versionLine).append('\n');
        new TreeMap<>(faults).forEach((k, v) -> out.append("fault.").append(k).append(" = ").append(v.spec()).append('\n'));
        new TreeMap<>(warehouseRetentionDays).forEach((k, v) -> out.append("retention.").append(k).append(" = ").append(v).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scenario " + file, e);
        }
    }
}
