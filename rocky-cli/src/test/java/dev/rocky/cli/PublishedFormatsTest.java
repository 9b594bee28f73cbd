package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published output formats: each schema is a valid draft 2020-12 schema, locked by its digest
 * in {@code schemas/VERSIONS} (a change without a version bump fails here), strict enough to refuse
 * a wrong document, and met by the CLI's real output (every CLI run in the tests is also checked by
 * {@link CliFixture#cli}).
 */
class PublishedFormatsTest {

    private static final Path SCHEMA_DIR = Path.of("src/main/resources/dev/rocky/cli/schemas");

    @TempDir
    Path tmp;

    private static Map<String, String> versions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SCHEMA_DIR.resolve("VERSIONS"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            assertThat(parts).as("VERSIONS line '%s': <file> <sha256>", line).hasSize(2);
            assertThat(out.put(parts[0], parts[1])).as("%s listed twice in VERSIONS", parts[0]).isNull();
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            // Line endings normalised, so a checkout with CRLF gives the same digest.
            String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everySchemaFileIsLockedByItsDigestSoAChangeNeedsANewVersion() throws IOException {
        Map<String, String> versions = versions();
        List<String> files;
        try (Stream<Path> s = Files.list(SCHEMA_DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).sorted().toList();
        }
        assertThat(versions.keySet()).as("every schema file is listed in VERSIONS, and every listed one is kept")
                .containsExactlyInAnyOrderElementsOf(files);
        for (String file : files) {
            assertThat(sha256(Files.readAllBytes(SCHEMA_DIR.resolve(file))))
                    .as("%s changed after it was published. A published schema never changes: copy it to the next version "
                            + "(e.g. defs.v2.schema.json), change the copy, bump the version in PublishedFormat, and add a line "
                            + "for the new file to VERSIONS", file)
                    .isEqualTo(versions.get(file));
        }
    }

    @ParameterizedTest
    @EnumSource(PublishedFormat.class)
    void theCurrentVersionsSchemaIsOnTheClasspathNamesItselfAndPinsFormatVersion(PublishedFormat format) throws IOException {
        JsonNode schema = PublishedFormats.JSON.readTree(PublishedFormats.schemaText(format));
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).endsWith("/" + format.formatName() + ".v" + format.version() + ".schema.json");
        List<JsonNode> versionConsts = schema.findValues("format_version").stream().map(n -> n.path("const"))
                .filter(JsonNode::isInt).toList();
        assertThat(versionConsts).as("every record of %s pins format_version", format).isNotEmpty()
                .allSatisfy(c -> assertThat(c.asInt()).isEqualTo(format.version()));
        assertThat(versions()).containsKey(format.schemaResource().substring(format.schemaResource().lastIndexOf('/') + 1));
    }

    @ParameterizedTest
    @EnumSource(PublishedFormat.class)
    void everySchemaIsAValidDraft2020_12Schema(PublishedFormat format) throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(PublishedFormats.JSON.readTree(PublishedFormats.schemaText(format)))).isEmpty();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(format.schemaResource())) {
            assertThat(in).as("packaged in the jar's resources").isNotNull();
        }
    }

    /** The real outputs of the bundled fixture, one per format, each valid and each refused once broken. */
    @Test
    void theRealDefsDocumentIsValidAndABrokenOneIsRefused() throws IOException {
        CliFixture fx = new CliFixture(tmp);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run defs = fx.cli("defs", "--format", "json");
        assertThat(defs.exitCode()).isZero();
        ObjectNode doc = (ObjectNode) PublishedFormats.JSON.readTree(defs.out());
        assertThat(doc.path("format_version").asInt()).isEqualTo(PublishedFormat.DEFS.version());
        assertThat(PublishedFormats.errors(PublishedFormat.DEFS, doc)).isEmpty();
        JsonNode asset = doc.path("assets").get(0);
        assertThat(asset.path("checks").get(0).path("description").asText()).as("checks carry their descriptions").isNotBlank();
        assertThat(asset.path("run_target").path("kind").asText()).isEqualTo("source_table");

        assertRefused(PublishedFormat.DEFS, doc, d -> d.remove("format_version"));
        assertRefused(PublishedFormat.DEFS, doc, d -> d.put("format_version", PublishedFormat.DEFS.version() + 1));
        assertRefused(PublishedFormat.DEFS, doc, d -> d.put("surprise", true));
        assertRefused(PublishedFormat.DEFS, doc, d -> ((ArrayNode) d.path("assets").get(0).path("checks")).insert(0, "row_count"));
        assertRefused(PublishedFormat.DEFS, doc, d -> ((ObjectNode) d.path("assets").get(0)).putObject("run_target").put("kind", "mystery"));
        assertRefused(PublishedFormat.DEFS, doc, d -> ((ObjectNode) d.path("assets").get(0)).remove("run_target"));
    }

    @Test
    void theRealEventStreamIsValidEndsWithItsSummaryAndABrokenLineIsRefused() throws IOException {
        CliFixture fx = new CliFixture(tmp);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run run = fx.cli("materialize", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSizeGreaterThan(1);
        ObjectNode summary = (ObjectNode) PublishedFormats.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("outcome").asText()).isEqualTo("success");
        assertThat(summary.path("materializations").asInt() + summary.path("checks").asInt()).isEqualTo(lines.size() - 1);
        ObjectNode first = (ObjectNode) PublishedFormats.JSON.readTree(lines.get(0));
        assertThat(PublishedFormats.errors(PublishedFormat.EVENTS, first)).isEmpty();

        assertRefused(PublishedFormat.EVENTS, first, d -> d.remove("format_version"));
        assertRefused(PublishedFormat.EVENTS, first, d -> d.put("type", "rumour"));
        assertRefused(PublishedFormat.EVENTS, summary, d -> d.put("outcome", "ok"));
        assertRefused(PublishedFormat.EVENTS, summary, d -> d.remove("retry_after_seconds"));
    }

    @Test
    void aStreamWithoutItsSummaryOrWithAnInvalidLineFailsTheOutputCheck() {
        String event = "{\"format_version\":1,\"type\":\"observation\",\"asset_key\":[\"a\"],\"metadata\":{}}";
        assertThatThrownBy(() -> PublishedFormats.check(List.of("materialize", "--format", "jsonl"), 0, event + "\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("summary");
        assertThatThrownBy(() -> PublishedFormats.check(List.of("defs", "--format", "json"), 0, ""))
                .isInstanceOf(AssertionError.class).hasMessageContaining("printed no defs document");
        assertThatThrownBy(() -> PublishedFormats.check(List.of("doctor", "--format", "json"), 1, "{\"overall\":\"healthy\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("doctor.v1.schema.json");
        assertThat(PublishedFormats.formatOf(List.of("--verbose", "sensor", "tick", "--format", "json")))
                .contains(PublishedFormat.SENSOR_TICK);
        assertThat(PublishedFormats.formatOf(List.of("defs", "--format", "mermaid"))).isEmpty();
    }

    private interface Mutation {
        void apply(ObjectNode doc);
    }

    private static void assertRefused(PublishedFormat format, ObjectNode valid, Mutation mutation) {
        ObjectNode copy = valid.deepCopy();
        mutation.apply(copy);
        assertThat(PublishedFormats.errors(format, copy)).as("%s refuses %s", format, copy).isNotEmpty();
    }
}
