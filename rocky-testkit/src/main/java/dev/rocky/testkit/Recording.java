package dev.rocky.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One answer of a fake rocky: for the subcommand arguments {@code args} (what follows the global
 * options {@code --config}, {@code --state-path}/{@code --state-namespace} and {@code --output json}),
 * print {@code stdout} and {@code stderr} and exit with {@code exitCode}. The arrays are not copied.
 *
 * @param args the subcommand and its arguments, e.g. {@code [compile, --models, models]}; copied
 * @param stdout bytes to print on stdout
 * @param stderr bytes to print on stderr
 * @param exitCode the exit code
 * @param provenance where the answer comes from, e.g. {@code recorded: fixtures/discover.json} or
 *     {@code synthetic: written from discover.schema.json}
 */
public record Recording(List<String> args, byte[] stdout, byte[] stderr, int exitCode, String provenance) {

    /** Copies the argument list; rejects {@code null} parts. */
    public Recording {
        args = List.copyOf(args);
        Objects.requireNonNull(stdout, "stdout is null");
        Objects.requireNonNull(stderr, "stderr is null");
        Objects.requireNonNull(provenance, "provenance is null");
    }
}
