package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.ConfigException;
import dev.rocky.state.TomlContractCatalog;
import dev.rocky.state.TomlModelCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile {@code defs.yaml}, model sidecar and contract files: unknown keys, wrong types, huge
 * numbers, deep nesting, alias bombs, invalid UTF-8, duplicate keys, oversized values. Each must
 * end in a {@link ConfigException} that names the file, within 10 s and without exhausting the
 * stack or the heap.
 */
class HostileConfigTest {

    @TempDir
    Path dir;

    @Test
    void hostileDefsYamlEndsInABoundedClearError() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("unknown attribute", yaml("  no_such_attribute: 1"));
        cases.put("unknown top-level key", utf8("type: dagster_rocky.RockyComponent\nextra: 1\n"));
        cases.put("string for a number", yaml("  timeout_seconds: soon"));
        cases.put("list for a boolean", yaml("  dag_mode: [1, 2]"));
        cases.put("mapping for a path", yaml("  models_dir: {a: 1}"));
        cases.put("huge integer", yaml("  timeout_seconds: 9" + "9".repeat(400)));
        cases.put("huge exponent", yaml("  timeout_seconds: 1e400"));
        cases.put("negative budget", yaml("  timeout_seconds: -5"));
        cases.put("deep flow nesting (10,000)", yaml("  translation: " + "[".repeat(10_000) + "]".repeat(10_000)));
        cases.put("deep block nesting (1,200)", yaml(blockNesting(1_200)));
        cases.put("alias bomb", aliasBomb());
        cases.put("invalid UTF-8", bytes(utf8("type: dagster_rocky.RockyComponent\nattributes:\n  models_dir: \""),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"\n")));
        cases.put("NUL byte", yaml("  models_dir: \"mod\u0000els\""));
        cases.put("duplicate key", yaml("  models_dir: models\n  models_dir: other"));
        cases.put("5 MB scalar", yaml("  models_dir: " + "m".repeat(5 * 1024 * 1024)));
        cases.put("two documents", utf8("type: dagster_rocky.RockyComponent\n---\ntype: other\n"));
        cases.put("tab indentation", utf8("type: dagster_rocky.RockyComponent\nattributes:\n\tdag_mode: true\n"));
        cases.put("empty file", new byte[0]);
        cases.put("a scalar document", utf8("42\n"));
        Reliability.Tally tally = Reliability.tally("hostile defs.yaml");
        try (CaseRunner runner = new CaseRunner(tally, Duration.ofSeconds(10))) {
            for (Map.Entry<String, byte[]> c : cases.entrySet()) {
                Path defs = Files.createDirectories(dir.resolve("yaml-" + tally.tried())).resolve("defs.yaml");
                Files.write(defs, c.getValue());
                runner.run(c.getKey(), () -> {
                    try {
                        new DefsYamlLoader().load(defs);
                    } catch (ConfigException e) {
                        assertThat(e.getMessage()).as(c.getKey()).contains(defs.toString()).doesNotContain("\n");
                        assertThat(e.getMessage().length()).as(c.getKey()).isLessThan(2_000);
                        throw e;
                    }
                    throw new AssertionError(c.getKey() + " was accepted");
                });
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void hostileModelSidecarsAndContractsEndInABoundedClearError() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        // Each case is wrong for both readers: the sidecar reads name and target, the contract reads rules.
        cases.put("wrong type", utf8("name = 5\n[rules]\nrequired = 5\n"));
        cases.put("huge integer", utf8("[target]\ncatalog = 9" + "9".repeat(400) + "\n[rules]\nno_new_nullable = 9"
                + "9".repeat(400) + "\n"));
        cases.put("deep array nesting (100,000)", utf8("x = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n"));
        cases.put("deep inline tables (100,000)", utf8("x = " + "{a = ".repeat(100_000) + "1" + "}".repeat(100_000) + "\n"));
        cases.put("deep dotted key (100,000)", utf8("a" + ".a".repeat(100_000) + " = 1\n"));
        cases.put("invalid UTF-8", bytes(utf8("name = \""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"\n")));
        cases.put("duplicate key", utf8("name = \"a\"\nname = \"b\"\n"));
        cases.put("truncated", utf8("[target\ncatalog = "));
        cases.put("NUL byte", utf8("name = \"a\u0000\"\n"));
        cases.put("table redefined as a value", utf8("[target]\ncatalog = \"c\"\n[target]\nschema = \"s\"\n"));
        cases.put("5 MB string", utf8("name = \"" + "m".repeat(5 * 1024 * 1024) + "\"\n"));
        Reliability.Tally tally = Reliability.tally("hostile TOML (models, contracts)");
        try (CaseRunner runner = new CaseRunner(tally, Duration.ofSeconds(10))) {
            for (Map.Entry<String, byte[]> c : cases.entrySet()) {
                Path models = Files.createDirectories(dir.resolve("toml-" + tally.tried()).resolve("models"));
                Path sidecar = models.resolve("orders.toml");
                Files.write(sidecar, c.getValue());
                runner.run("model sidecar: " + c.getKey(), () -> expectConfigError(c.getKey(), sidecar,
                        () -> new TomlModelCatalog().models(models)));
                Path contract = models.resolve("orders" + TomlContractCatalog.SUFFIX);
                Files.write(contract, c.getValue());
                runner.run("contract: " + c.getKey(), () -> expectConfigError(c.getKey(), contract,
                        () -> TomlContractCatalog.parse(contract)));
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    private static String expectConfigError(String name, Path file, Runnable read) {
        try {
            read.run();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as(name).contains(file.toString()).doesNotContain("\n");
            assertThat(e.getMessage().length()).as(name).isLessThan(2_000);
            throw e;
        }
        return "accepted: " + name;
    }

    private static byte[] yaml(String attributes) {
        return utf8("type: dagster_rocky.RockyComponent\nattributes:\n" + attributes + "\n");
    }

    private static String blockNesting(int depth) {
        StringBuilder s = new StringBuilder("  translation:\n");
        for (int i = 0; i < depth; i++) {
            s.append(" ".repeat(i + 3)).append("a:\n");
        }
        s.append(" ".repeat(depth + 3)).append("x: 1");
        return s.toString();
    }

    /** The "billion laughs": nine levels of aliases, each ten times the one below. */
    private static byte[] aliasBomb() {
        StringBuilder s = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n  translation:\n");
        s.append("    l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            s.append("    l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                s.append(j == 0 ? "" : ",").append("*l").append(i - 1);
            }
            s.append("]\n");
        }
        return utf8(s.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
