package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.cli.RockyComponentCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave: a rocky that echoes the environment's token, a password {@code rocky.toml}
 * references, a value defs.yaml takes from the environment, and the masked idempotency key on stderr and in its failures, driven through the
 * real CLI in its own process (refresh with {@code --verbose}, defs, materialize in text and JSON
 * Lines). Every line the CLI printed, and every file it wrote (state, versions, plans, logs), is
 * searched for the three values; the masks must show that they were there to be hidden.
 */
class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void noSecretReachesLogsErrorsStateFilesOrEvents() throws Exception {
        CliFixture fx = new CliFixture(dir);
        String token = "tok-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        String idempotencyKey = "idem-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();
        String region = "region-" + UUID.randomUUID();
        Path fixtures = fx.project.resolve("rocky-fake");
        fx.script("rocky-leaky", String.join("\n",
                "step=$(echo \"$*\" | sed 's/.* json //; s/ .*//')",
                "echo \"connecting with token $ROCKY_TEST_API_TOKEN and password $WAREHOUSE_PASS_REF as $TEAM_OWNER_REF in $TEAM_REGION_REF args $*\" >&2",
                "case $step in",
                "  compile) echo \"compile failed: bad credentials $WAREHOUSE_PASS_REF\" >&2; exit 1;;",
                "  plan|run|apply) echo \"auth failed for $ROCKY_TEST_API_TOKEN ($*)\" >&2; exit 1;;",
                "  *) cat '" + fixtures + "'/$step.json;;",
                "esac"));
        Files.writeString(fx.project.resolve("rocky.toml"), "region = \"${TEAM_REGION_REF:-eu}\"\n"
                + Files.readString(fx.project.resolve("rocky.toml")) + "\n# the adapter reads its password from ${WAREHOUSE_PASS_REF}\n");
        fx.defs("binary_path: bin/rocky-leaky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE",
                "plugins_dir: \"plugins-{{ env.TEAM_OWNER_REF }}\"");
        Map<String, String> env = Map.of("ROCKY_TEST_API_TOKEN", token, "WAREHOUSE_PASS_REF", password, "TEAM_OWNER_REF", owner,
                "TEAM_REGION_REF", region);

        List<String> printed = new ArrayList<>();
        printed.add(cli(fx, env, "--verbose", "refresh"));
        printed.add(cli(fx, env, "defs", "--format", "json"));
        printed.add(cli(fx, env, "--verbose", "materialize", "--idempotency-key", idempotencyKey));
        printed.add(cli(fx, env, "materialize", "--format", "jsonl", "--idempotency-key", idempotencyKey));
        printed.add(cli(fx, env, "state", "versions"));

        Reliability.Tally tally = Reliability.tally("secrets: never in logs, errors, state files, events");
        List<String> secrets = List.of(token, password, idempotencyKey, owner, region);
        for (int i = 0; i < printed.size(); i++) {
            check(tally, "CLI run " + i + " output", printed.get(i), secrets);
        }
        try (Stream<Path> files = Files.walk(fx.project)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.startsWith(fx.project.resolve("bin")) || f.startsWith(fixtures)) {
                    continue; // the fake's own script, recordings and journal
                }
                check(tally, fx.project.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1),
                        secrets);
            }
        }
        String all = String.join("\n", printed);
        assertThat(all).as("the secrets were there to be masked").contains("token ***").contains("password *** as *** in ***")
                .contains("auth failed for ***");
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        assertThat(tally.tried()).isGreaterThan(8);
    }

    private static void check(Reliability.Tally tally, String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            if (text.contains(secret)) {
                tally.fail("leaked", where + " shows " + secret.substring(0, secret.indexOf('-')) + "…");
                return;
            }
        }
        tally.pass("clean");
    }

    private static String cli(CliFixture fx, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--defs", fx.defs.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return args[args.length > 1 && args[0].startsWith("-") ? 1 : 0] + " → exit " + p.exitValue() + "\n"
                + new String(out, StandardCharsets.UTF_8);
    }
}
