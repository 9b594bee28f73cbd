package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.ScaleProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code defs --format html} opened in headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs when missing): the page draws as many nodes and edges as the graph has,
 * its search box finds an asset, {@code --events} colours by outcome, and above 2,000 assets it
 * draws the group overview. Screenshots go to {@code target/}.
 */
class GraphPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("data-([a-z-]+)=\"([^\"]*)\"");

    @TempDir
    Path tmp;

    private static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new AssertionError("headless Chromium is needed for the graph page tests: `apt-get install chromium` "
                + "(.ci/run installs it when missing)");
    }

    private List<String> chromiumArgs(String... extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"), "--virtual-time-budget=60000"));
        argv.addAll(List.of(extra));
        return argv;
    }

    private String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The page's report on {@code <body>} after its script ran: data-* attributes. */
    private Map<String, String> drawn(Path page, String hash) throws IOException, InterruptedException {
        String dom = run(chromiumArgs("--dump-dom", page.toUri() + hash));
        int body = dom.indexOf("<body");
        assertThat(body).as("a DOM was dumped").isNotNegative();
        String tag = dom.substring(body, dom.indexOf('>', body));
        Map<String, String> out = new HashMap<>();
        Matcher m = DATA.matcher(tag);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        out.put("__dom", dom);
        return out;
    }

    private void screenshot(Path page, String hash, String name) throws IOException, InterruptedException {
        Path png = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(chromiumArgs("--screenshot=" + png, "--window-size=1400,700", page.toUri() + hash));
        assertThat(png).as("screenshot").exists();
        assertThat(Files.size(png)).isGreaterThan(5_000);
    }

    /** Writes {@code defs --format html} of a project to a file, and returns the graph's JSON too. */
    private JsonNode page(Path defs, Path page, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("defs", "--format", "html"));
        args.addAll(List.of(extra));
        CliFixture.Run html = CliFixture.cli(defs, args.toArray(String[]::new));
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.out()).startsWith("<!doctype html>").contains("@dagrejs/dagre 3.1.3 — MIT licence")
                .doesNotContain("<script src").doesNotContain("http://cdn").doesNotContain("https://cdn");
        Files.writeString(page, html.out());
        CliFixture.Run json = CliFixture.cli(defs, "defs", "--format", "json");
        return JSON.readTree(json.out());
    }

    private static int edges(JsonNode graph) {
        Set<String> keys = new HashSet<>();
        graph.path("assets").forEach(a -> keys.add(a.path("key").toString()));
        int edges = 0;
        for (JsonNode a : graph.path("assets")) {
            for (JsonNode d : a.path("deps")) {
                edges += keys.contains(d.toString()) ? 1 : 0;
            }
        }
        return edges;
    }

    @Test
    void theDagModeExampleDrawsEveryAssetAndDepAndItsSearchFindsAnAsset() throws Exception {
        Path project = tmp.resolve("dag-mode");
        CliFixture.copyTree(Path.of("..", "examples", "dag-mode"), project, ".local_defs_state", "rocky-fake");
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        Path defs = project.resolve("defs.yaml");
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
        Path page = tmp.resolve("graph.html");
        JsonNode graph = page(defs, page);

        Map<String, String> drawn = drawn(page, "#search=fct_customer");
        assertThat(drawn.get("state")).as(drawn.get("__dom").substring(0, Math.min(400, drawn.get("__dom").length())))
                .isEqualTo("ready");
        assertThat(drawn.get("mode")).isEqualTo("assets");
        assertThat(Integer.parseInt(drawn.get("drawn-nodes"))).isEqualTo(graph.path("assets").size()).isEqualTo(4);
        assertThat(Integer.parseInt(drawn.get("drawn-edges"))).isEqualTo(edges(graph)).isPositive();
        assertThat(drawn.get("found")).isEqualTo("poc/gold/fct_customer_revenue");
        assertThat(drawn.get("__dom")).contains("<h2>poc/gold/fct_customer_revenue</h2>");
        screenshot(page, "#search=fct_customer", "graph-dag-mode.png");

        // --events: each asset coloured by its last outcome in a materialization's stream
        CliFixture.Run materialize = CliFixture.cli(defs, "materialize", "--format", "jsonl");
        assertThat(materialize.exitCode()).as(materialize.err()).isZero();
        Path events = tmp.resolve("events.jsonl");
        Files.writeString(events, materialize.out());
        Path coloured = tmp.resolve("coloured.html");
        page(defs, coloured, "--events", events.toString());
        Map<String, String> outcome = drawn(coloured, "");
        assertThat(outcome.get("__dom")).contains("class=\"legend\"");
        assertThat(countOf(outcome.get("__dom"), "fill=\"#2e7d32\"")).as("materialized assets in green").isEqualTo(4);

        // --events belongs to the page; a file that is not an event stream is one readable line
        CliFixture.Run misuse = CliFixture.cli(defs, "defs", "--format", "json", "--events", events.toString());
        assertThat(misuse.exitCode()).isEqualTo(2);
        assertThat(misuse.err()).contains("--events goes with --format html");
        Path notEvents = tmp.resolve("not-events.jsonl");
        Files.writeString(notEvents, "{\"type\": \"materialization\"}\nnot json\n");
        CliFixture.Run bad = CliFixture.cli(defs, "defs", "--format", "html", "--events", notEvents.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.errLines()).singleElement().asString().contains("not-events.jsonl:2 is not JSON").endsWith("[CONFIG_INVALID]");
    }

    @Test
    void aThousandTablesDrawAsAssetsAndTenThousandAsTheGroupOverview() throws Exception {
        Path project = ScaleProject.builder().sources(10).tablesPerSource(100).models(50).build().writeTo(tmp.resolve("k"));
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        Path defs = project.resolve("defs.yaml");
        // every table also depends on model m00000 (a translation template), so the page has edges to draw
        Files.writeString(defs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n"
                + "  surface_derived_models: true\n  translation:\n    deps: [\"warehouse/marts/m00000\"]\n");
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
        Path page = tmp.resolve("k.html");
        JsonNode graph = page(defs, page);
        assertThat(graph.path("assets").size()).as("1,000 tables and 50 models").isEqualTo(1050);
        Map<String, String> drawn = drawn(page, "#search=src0007/t0042");
        assertThat(drawn.get("mode")).isEqualTo("assets");
        assertThat(Integer.parseInt(drawn.get("drawn-nodes"))).isEqualTo(1050);
        assertThat(Integer.parseInt(drawn.get("drawn-edges"))).isEqualTo(edges(graph)).isPositive();
        assertThat(drawn.get("found")).endsWith("src0007/t0042");
        System.out.println("graph page: 1,050 assets (1,000 tables) laid out in " + drawn.get("layout-ms") + " ms");
        screenshot(page, "", "graph-1000.png");

        Path big = ScaleProject.builder().sources(100).tablesPerSource(100).models(0).build().writeTo(tmp.resolve("t"));
        FakeRockyExecutable.install(big.resolve("bin"), Optional.empty(), Optional.of(big), Optional.empty());
        Path bigDefs = big.resolve("defs.yaml");
        Files.writeString(bigDefs, "type: dagster_rocky.RockyComponent\nattributes:\n  binary_path: bin/rocky\n");
        assertThat(CliFixture.cli(bigDefs, "refresh").exitCode()).isZero();
        Path overview = tmp.resolve("t.html");
        JsonNode bigGraph = page(bigDefs, overview);
        assertThat(bigGraph.path("assets").size()).isEqualTo(10_000);
        Set<String> groups = new HashSet<>();
        bigGraph.path("assets").forEach(a -> groups.add(a.path("group").asText()));
        Map<String, String> over = drawn(overview, "#search=src0099/t0099");
        assertThat(over.get("mode")).isEqualTo("overview");
        assertThat(Integer.parseInt(over.get("drawn-nodes"))).isEqualTo(groups.size());
        assertThat(over.get("found")).endsWith("src0099/t0099");
        System.out.println("graph page: 10,000 assets, overview of " + groups.size() + " groups laid out in " + over.get("layout-ms")
                + " ms");
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
