package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.RockySchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded generator of random but valid projects (replication, transformation with their own
 * models roots and a subdirectory, quality and snapshot pipelines, {@code depends_on} between
 * pipelines, env-substituted targets in {@code rocky.toml} and {@code _defaults.toml}), whose
 * derived {@code dag}, {@code compile} and {@code discover} answers must be valid against the
 * engine's schemas and keep the invariants the engine's {@code unified_dag.rs} and
 * {@code models.rs} give: every claimed model has a node in its pipeline, every declared
 * {@code depends_on} an edge, every target the resolved one, every pipeline dependency an edge
 * from the upstream pipeline's terminal nodes. 1,000 seeds; a failure names its seed.
 */
class RandomProjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    static LongStream seeds() {
        return LongStream.range(0, 1_000);
    }

    /** What a generated project should derive, kept beside the files written. */
    private record Expected(Map<String, String> pipelineOfModel, Map<String, List<String>> declaredDeps,
            Map<String, List<String>> target, List<String> sourceSchemas, Map<String, List<String>> pipelineDeps,
            Map<String, String> rootOfPipeline, Map<String, String> env) {
    }

    private static Expected generate(long seed, Path dir) throws IOException {
        Random r = new Random(seed);
        Map<String, String> env = new HashMap<>();
        StringBuilder toml = new StringBuilder("[adapter]\ntype = \"duckdb\"\npath = \"p.duckdb\"\n");
        StringBuilder seedSql = new StringBuilder();
        List<String> schemas = new ArrayList<>();
        Map<String, List<String>> pipelineDeps = new LinkedHashMap<>();
        List<String> pipelines = new ArrayList<>();
        // One replication pipeline (discover answers for exactly one), with env-substituted target catalog.
        int sources = 1 + r.nextInt(3);
        String repl = "ingest";
        toml.append("\n[pipeline.").append(repl).append("]\nstrategy = \"full_refresh\"\n\n[pipeline.").append(repl)
                .append(".source.discovery]\nadapter = \"default\"\n\n[pipeline.").append(repl).append(".source.schema_pattern]\n")
                .append("prefix = \"raw__\"\nseparator = \"__\"\ncomponents = [\"source\"]\n\n[pipeline.").append(repl).append(".target]\n")
                .append("catalog_template = \"${CAT_").append(seed).append(":-lake}\"\nschema_template = \"stg__{source}\"\n");
        if (r.nextBoolean()) {
            env.put("CAT_" + seed, "cat" + r.nextInt(100));
        }
        for (int s = 0; s < sources; s++) {
            String schema = "raw__s" + s;
            schemas.add(schema);
            seedSql.append("CREATE SCHEMA IF NOT EXISTS ").append(schema).append(";\n");
            int tables = 1 + r.nextInt(3);
            for (int t = 0; t < tables; t++) {
                seedSql.append("CREATE TABLE ").append(schema).append(".t").append(t).append(" (id INTEGER, v VARCHAR);\n");
            }
        }
        pipelines.add(repl);
        pipelineDeps.put(repl, List.of());
        // One or two transformation pipelines, each with its own models root and a subdirectory.
        Map<String, String> pipelineOfModel = new LinkedHashMap<>();
        Map<String, List<String>> declared = new LinkedHashMap<>();
        Map<String, List<String>> target = new LinkedHashMap<>();
        Map<String, String> rootOf = new LinkedHashMap<>();
        int transformations = 1 + r.nextInt(2);
        for (int p = 0; p < transformations; p++) {
            String name = "transform" + p;
            String root = "models" + p;
            rootOf.put(name, root);
            List<String> deps = p == 0 ? List.of(repl) : List.of("transform0");
            pipelineDeps.put(name, deps);
            pipelines.add(name);
            toml.append("\n[pipeline.").append(name).append("]\ntype = \"transformation\"\nmodels = \"").append(root)
                    .append("/**\"\ndepends_on = [").append(String.join(", ", deps.stream().map(d -> "\"" + d + "\"").toList()))
                    .append("]\n\n[pipeline.").append(name).append(".target]\nadapter = \"default\"\n");
            Path rootDir = Files.createDirectories(dir.resolve(root));
            Path sub = Files.createDirectories(rootDir.resolve("sub"));
            String catVar = "MCAT_" + seed + "_" + p;
            String cat = "wh";
            if (r.nextBoolean()) {
                cat = "wh" + r.nextInt(10);
                env.put(catVar, cat);
            }
            Files.writeString(rootDir.resolve("_defaults.toml"), "[target]\ncatalog = \"${" + catVar + ":-wh}\"\nschema = \"staging\"\n");
            Files.writeString(sub.resolve("_defaults.toml"), "[target]\ncatalog = \"sub_cat\"\nschema = \"marts\"\n");
            int models = 1 + r.nextInt(5);
            List<String> names = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                String model = "m" + p + "_" + m;
                boolean inSub = m > 0 && r.nextInt(3) == 0;
                Path at = inSub ? sub : rootDir;
                List<String> d = new ArrayList<>();
                for (String earlier : names) {
                    if (r.nextInt(3) == 0) {
                        d.add(earlier);
                    }
                }
                String from = d.isEmpty() ? schemas.get(r.nextInt(schemas.size())) + ".t0" : d.get(0);
                Files.writeString(at.resolve(model + ".sql"), "select id, v from " + from + "\n");
                StringBuilder sidecar = new StringBuilder("name = \"" + model + "\"\n");
                if (!d.isEmpty()) {
                    sidecar.append("depends_on = [").append(String.join(", ", d.stream().map(x -> "\"" + x + "\"").toList())).append("]\n");
                }
                Files.writeString(at.resolve(model + ".toml"), sidecar.toString());
                pipelineOfModel.put(model, name);
                declared.put(model, d);
                target.put(model, inSub ? List.of("sub_cat", "marts", model) : List.of(cat, "staging", model));
                names.add(model);
            }
        }
        // Optionally a quality and a snapshot pipeline downstream of the last transformation.
        String last = "transform" + (transformations - 1);
        for (String kind : List.of("quality", "snapshot")) {
            if (r.nextBoolean()) {
                String name = kind + "_p";
                toml.append("\n[pipeline.").append(name).append("]\ntype = \"").append(kind).append("\"\ndepends_on = [\"").append(last)
                        .append("\"]\n");
                pipelineDeps.put(name, List.of(last));
                pipelines.add(name);
            }
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/seed.sql"), seedSql.toString());
        Files.writeString(dir.resolve("rocky.toml"), toml.toString());
        return new Expected(pipelineOfModel, declared, target, schemas, pipelineDeps, rootOf, env);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void derivedAnswersAreSchemaValidAndKeepTheEnginesInvariants(long seed) throws IOException {
        Path dir = Files.createDirectories(work.resolve("p" + seed));
        Expected e = generate(seed, dir);
        ProjectAnswers answers = new ProjectAnswers(RockyProject.load(dir, "rocky.toml", e.env()), "1.71.0", Clock.systemUTC(), Map.of());

        JsonNode dag = valid(seed, "dag", answers.answer(List.of("dag", "--column-lineage")));
        Map<String, JsonNode> nodes = new HashMap<>();
        dag.path("nodes").forEach(n -> nodes.put(n.path("id").asText(), n));
        for (Map.Entry<String, String> m : e.pipelineOfModel().entrySet()) {
            JsonNode n = nodes.get("transformation:" + m.getKey());
            assertThat(n).as("seed %d: model %s has a node", seed, m.getKey()).isNotNull();
            assertThat(n.path("pipeline").asText()).as("seed %d: %s's pipeline", seed, m.getKey()).isEqualTo(m.getValue());
            List<String> t = e.target().get(m.getKey());
            assertThat(List.of(n.path("target").path("catalog").asText(), n.path("target").path("schema").asText(),
                    n.path("target").path("table").asText())).as("seed %d: %s's target", seed, m.getKey()).isEqualTo(t);
            for (String dep : e.declaredDeps().get(m.getKey())) {
                assertThat(n.path("depends_on").toString()).as("seed %d: edge %s -> %s", seed, dep, m.getKey())
                        .contains("\"transformation:" + dep + "\"");
            }
        }
        long transformationNodes = nodes.values().stream().filter(n -> n.path("kind").asText().equals("transformation")).count();
        assertThat(transformationNodes).as("seed %d: no node for an unclaimed model", seed).isEqualTo(e.pipelineOfModel().size());
        for (Map.Entry<String, List<String>> p : e.pipelineDeps().entrySet()) {
            String kind = p.getKey().startsWith("quality") ? "quality" : p.getKey().startsWith("snapshot") ? "snapshot" : null;
            if (kind != null) {
                JsonNode n = nodes.get(kind + ":" + p.getKey());
                assertThat(n).as("seed %d: %s node", seed, p.getKey()).isNotNull();
                assertThat(n.path("depends_on").size()).as("seed %d: %s starts after its upstream's terminal nodes", seed, p.getKey())
                        .isPositive();
            }
        }
        assertThat(dag.path("summary").path("total_nodes").asInt()).isEqualTo(nodes.size());

        for (String root : e.rootOfPipeline().values()) {
            JsonNode compile = valid(seed, "compile " + root, answers.answer(List.of("compile", "--models", root)));
            List<String> compiled = new ArrayList<>();
            compile.path("models_detail").forEach(m -> compiled.add(m.path("name").asText()));
            List<String> expected = e.pipelineOfModel().entrySet().stream()
                    .filter(x -> e.rootOfPipeline().get(x.getValue()).equals(root)).map(Map.Entry::getKey).toList();
            assertThat(compiled).as("seed %d: compile of %s", seed, root).containsExactlyInAnyOrderElementsOf(expected);
        }

        // The engine's discover needs --pipeline when the config declares several pipelines (registry.rs).
        ProjectAnswers.Answer bare = answers.answer(List.of("discover"));
        assertThat(bare.exitCode()).as("seed %d: bare discover of several pipelines", seed).isEqualTo(1);
        assertThat(bare.stderr()).startsWith("Error: multiple pipelines defined (ingest, ");
        JsonNode discover = valid(seed, "discover", answers.answer(List.of("discover", "--pipeline", "ingest")));
        List<String> ids = new ArrayList<>();
        discover.path("sources").forEach(s -> ids.add(s.path("id").asText()));
        assertThat(ids).as("seed %d: discovered sources", seed).containsExactlyInAnyOrderElementsOf(e.sourceSchemas());
    }

    private static JsonNode valid(long seed, String call, ProjectAnswers.Answer a) throws IOException {
        assertThat(a.exitCode()).as("seed %d: %s failed: %s", seed, call, a.stderr()).isZero();
        JsonNode payload = JSON.readTree(a.stdout());
        assertThat(RockySchemas.violations(payload)).as("seed %d: %s", seed, call).isEmpty();
        return payload;
    }
}
