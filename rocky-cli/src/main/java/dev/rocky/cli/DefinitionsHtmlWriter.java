package dev.rocky.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.TableColumnLineage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes {@code rocky-component defs --format html}: one self-contained page (no network access
 * when opened) that draws the asset graph left to right with dagre ({@code @dagrejs/dagre} 3.1.3,
 * MIT, inlined with its licence), colours assets by group (or, with events, by last outcome), finds
 * an asset with its search box, and shows an asset's key, group, kinds, tags, metadata, checks,
 * freshness, partitions and column lineage on a click. The state's version, age and warnings head
 * the page. Above 2,000 assets the page draws one node per group (an overview) so it stays usable;
 * search still finds every asset. The page says how long layout took.
 *
 * <p>Why dagre: it is a layered (Sugiyama) layout made for directed dependency graphs, 49 KB
 * minified with no dependencies, so the page stays small and opens offline; elkjs would be 1.5 MB
 * under a copyleft-compatible licence choice, and cytoscape would need a layout extension as well.
 */
final class DefinitionsHtmlWriter {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String RESOURCES = "dev/rocky/cli/html/";

    /**
     * The page's head line: the state it was built from.
     *
     * @param version the state's version, when the store has versions
     * @param ageSeconds how long ago it was written, when known
     * @param warnings what is wrong with it (stale, failed commands, tables left out), one line each
     */
    record StateLine(Optional<String> version, Optional<Long> ageSeconds, List<String> warnings) {
        /** Copies; rejects {@code null}. */
        StateLine {
            Objects.requireNonNull(version, "version is null");
            Objects.requireNonNull(ageSeconds, "ageSeconds is null");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param defs the graph
     * @param state the state line
     * @param outcomes each asset's last outcome ({@code materialized}, {@code failed},
     *     {@code check failed}), when the page colours by a materialization's events; assets not in
     *     the map did not run
     * @param out where the page goes; flushed, not closed
     * @throws IOException when writing fails
     */
    void write(Definitions defs, StateLine state, Optional<Map<AssetKey, String>> outcomes, Writer out) throws IOException {
        out.write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>rocky-java asset graph</title>\n<style>\n");
        out.write(resource("graph.css"));
        out.write("</style></head>\n<body>\n<header><h1>Asset graph</h1><p id=\"state\">");
        out.write(escape(stateText(state)));
        out.write("</p>");
        for (String w : state.warnings()) {
            out.write("<p class=\"warning\">");
            out.write(escape(w));
            out.write("</p>");
        }
        out.write("<p><input id=\"search\" type=\"search\" placeholder=\"find an asset by key, then Enter\" size=\"48\"> "
                + "<span id=\"status\"></span></p><p id=\"stats\"></p>");
        if (outcomes.isPresent()) {
            out.write("<p class=\"legend\"><span class=\"materialized\">materialized</span> <span class=\"failed\">failed</span> "
                    + "<span class=\"check-failed\">check failed</span> <span class=\"not-run\">not run</span></p>");
        }
        out.write("</header>\n<main><div id=\"canvas\"><svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\"><defs>"
                + "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
                + "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#777\"/></marker></defs></svg></div>"
                + "<aside id=\"details\"><p>Click an asset, or search for one.</p></aside></main>\n");
        out.write("<script type=\"application/json\" id=\"graph-data\">");
        out.write(data(defs, outcomes).replace("</", "<\\/"));
        out.write("</script>\n<script>\n/*! @dagrejs/dagre 3.1.3 — MIT licence:\n");
        out.write(resource("dagre.LICENSE").replace("*/", "* /"));
        out.write("*/\n");
        out.write(resource("dagre.min.js"));
        out.write("\n</script>\n<script>\n");
        out.write(resource("graph.js"));
        out.write("</script>\n</body></html>\n");
        out.flush();
    }

    private static String stateText(StateLine state) {
        StringBuilder sb = new StringBuilder("state");
        state.version().ifPresent(v -> sb.append(" version ").append(v));
        sb.append(state.ageSeconds().map(a -> ", written " + age(a) + " ago").orElse(", written at an unknown time"));
        return sb.toString();
    }

    private static String age(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds < 172_800 ? seconds / 3600 + " h" : seconds / 86_400 + " days";
    }

    private static String data(Definitions defs, Optional<Map<AssetKey, String>> outcomes) throws IOException {
        StringWriter s = new StringWriter(defs.assets().size() * 256 + 64);
        try (JsonGenerator g = FACTORY.createGenerator(s)) {
            g.writeStartObject();
            g.writeBooleanField("outcomes", outcomes.isPresent());
            g.writeArrayFieldStart("assets");
            for (AssetSpec a : defs.assets()) {
                g.writeStartObject();
                g.writeStringField("key", a.key().toUserString());
                g.writeStringField("group", a.group());
                strings(g, "kinds", a.kinds());
                strings(g, "deps", a.deps().stream().map(AssetKey::toUserString).toList());
                strings(g, "checks", a.checkNames().stream().toList());
                g.writeStringField("freshness", a.freshness().map(f -> "maximum lag " + f.maximumLag().toSeconds() + " s").orElse(null));
                g.writeStringField("partitions", a.partitions().map(p -> p.describe()).orElse(null));
                g.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> e : a.tags().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("metadata");
                TableColumnLineage lineage = null;
                for (Map.Entry<String, MetadataValue> e : a.metadata().entrySet()) {
                    MetadataValue v = e.getValue();
                    if (v instanceof MetadataValue.ColumnLineage c) {
                        lineage = c.lineage();
                    } else {
                        g.writeStringField(e.getKey(), RunEventWriter.text(v));
                    }
                }
                g.writeEndObject();
                if (lineage != null) {
                    g.writeObjectFieldStart("lineage");
                    for (Map.Entry<String, List<TableColumnLineage.ColumnDep>> e : lineage.depsByColumn().entrySet()) {
                        strings(g, e.getKey(), e.getValue().stream().map(d -> d.asset().toUserString() + "." + d.column()).toList());
                    }
                    g.writeEndObject();
                }
                if (outcomes.isPresent() && outcomes.get().containsKey(a.key())) {
                    g.writeStringField("outcome", outcomes.get().get(a.key()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return s.toString();
    }

    private static void strings(JsonGenerator g, String name, java.util.Collection<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = DefinitionsHtmlWriter.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name + "; rebuild rocky-cli");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
