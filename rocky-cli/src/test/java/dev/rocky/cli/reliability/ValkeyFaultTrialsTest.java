package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.testkit.state.RedisServer;
import io.valkey.JedisPooled;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Valkey faults a pod meets, through the CLI on a real server with a password: each round
 * refreshes a state, then loads it with a wrong password (must be {@code STATE_ACCESS_DENIED},
 * never the pod's cache), after the server was flushed and after the version the pointer names was
 * evicted (the pod's copy of that version, with a warning), while the server is paused (the cache
 * within the read timeout plus a second) and while it is down (the cache). One round in the
 * default build, ten under {@code -Preliability}.
 */
class ValkeyFaultTrialsTest {

    private static final String PASSWORD = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    @Test
    void everyValkeyFaultEndsAsSpecified() throws Exception {
        Reliability.Tally tally = Reliability.tally("valkey faults: auth, flushed, evicted, paused, down");
        try (RedisServer valkey = RedisServer.startOrSkip(dir.resolve("valkey"), Optional.of(PASSWORD))) {
            int rounds = Reliability.count(1, 10);
            for (int round = 0; round < rounds; round++) {
                CliFixture fx = new CliFixture(dir.resolve("round-" + round));
                String key = "trial-" + round;
                String storage = "  storage: {type: valkey, host: 127.0.0.1, port: " + valkey.port() + ", password: %s, "
                        + "read_timeout_seconds: 1, connect_timeout_seconds: 1}";
                fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: " + key,
                        String.format(storage, PASSWORD));
                assertThat(fx.cli("refresh").exitCode()).isZero();
                assertThat(fx.cli("defs").exitCode()).isZero();

                // wrong password: never answered from the cache
                fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: " + key,
                        String.format(storage, "wrong-" + PASSWORD));
                CliFixture.Run wrong = fx.cli("defs");
                record(tally, "wrong password", wrong.exitCode() == 1 && wrong.err().contains("[STATE_ACCESS_DENIED]")
                        && !wrong.err().contains(PASSWORD), "STATE_ACCESS_DENIED, not the cache", wrong);
                fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: " + key,
                        String.format(storage, PASSWORD));

                // the version the pointer names is evicted
                try (JedisPooled admin = new JedisPooled("127.0.0.1", valkey.port(), null, PASSWORD)) {
                    for (String k : admin.keys("rocky-defs-state:" + key + ":*")) {
                        if (!k.endsWith(":LATEST") && !k.endsWith(":versions")) {
                            admin.del(k);
                        }
                    }
                }
                CliFixture.Run evicted = fx.cli("defs");
                record(tally, "evicted version", evicted.exitCode() == 0 && evicted.out().contains("duckdb/orders/orders")
                        && evicted.err().contains("cached copy of that same version"), "the pod's copy of that version", evicted);

                // the server is flushed
                try (JedisPooled admin = new JedisPooled("127.0.0.1", valkey.port(), null, PASSWORD)) {
                    admin.flushAll();
                }
                CliFixture.Run flushed = fx.cli("defs");
                record(tally, "flushed server", flushed.exitCode() == 0 && flushed.out().contains("duckdb/orders/orders")
                        && flushed.err().contains("holds no state"), "the pod's copy, with a warning", flushed);
                assertThat(fx.cli("refresh").exitCode()).isZero();

                // the server is paused
                valkey.pause();
                long start = System.nanoTime();
                CliFixture.Run paused;
                try {
                    paused = fx.cli("defs");
                } finally {
                    valkey.resume();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                record(tally, "paused server", paused.exitCode() == 0 && paused.err().contains("loading the cached copy")
                        && millis <= 4_000, "the cache within " + (millis / 1000 + 1) + " s", paused);

                // the server is down
                valkey.stop();
                CliFixture.Run down;
                try {
                    down = fx.cli("defs");
                } finally {
                    valkey.start();
                }
                record(tally, "server down", down.exitCode() == 0 && down.err().contains("loading the cached copy"),
                        "the cache", down);
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        assertThat(tally.tried()).isGreaterThanOrEqualTo(5);
    }

    private static void record(Reliability.Tally tally, String fault, boolean ok, String expected, CliFixture.Run run) {
        if (ok) {
            tally.pass(fault + ": " + expected);
        } else {
            tally.fail(fault, "expected " + expected + "; exit " + run.exitCode() + ", " + List.of(run.out(), run.err()));
        }
    }
}
