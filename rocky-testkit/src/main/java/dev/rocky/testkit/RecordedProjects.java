package dev.rocky.testkit;

import dev.rocky.contract.RockyContract;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cassettes built from stdout recorded from the real rocky 1.71.0 binary (bundled in
 * {@code rocky-contract}, see its MANIFEST.md for each recording's project and argv).
 */
public final class RecordedProjects {

    private RecordedProjects() {
    }

    /**
     * The {@code 01-replication-basics} playground: {@code discover}, {@code compile --models models}
     * (recorded as {@code rocky compile}, whose models directory defaults to {@code models}) and
     * {@code optimize --models models} (recorded as {@code rocky optimize}).
     *
     * @return the cassette
     */
    public static Cassette replicationBasics() {
        return Cassette.builder()
                .version("rocky 1.71.0")
                .answer(recorded(List.of("discover"), "fixtures/discover.json"))
                .answer(recorded(List.of("compile", "--models", "models"), "fixtures/compile.json"))
                .answer(recorded(List.of("optimize", "--models", "models"), "fixtures/optimize.json"))
                .build();
    }

    /**
     * @param args the subcommand arguments to answer
     * @param fixture a bundled fixture path, e.g. {@code fixtures/discover.json}
     * @return a recording that prints the fixture and exits 0
     */
    public static Recording recorded(List<String> args, String fixture) {
        return new Recording(args, RockyContract.read(fixture).getBytes(StandardCharsets.UTF_8), new byte[0], 0,
                "recorded: rocky 1.71.0 stdout, rocky-contract " + fixture);
    }
}
