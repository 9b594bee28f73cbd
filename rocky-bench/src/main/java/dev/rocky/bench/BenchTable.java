package dev.rocky.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints JMH's JSON results ({@code -rf json}) as one Markdown table: scenario, size, median time,
 * error, allocation per operation and peak heap. The median is the 50th percentile of the sample
 * ({@code SampleTime}) or of the single shots; the error is JMH's 99.9 % confidence half-width of
 * the mean; allocation is {@code gc.alloc.rate.norm} of {@code -prof gc}; peak heap is
 * {@code peak.heap} of {@link PeakHeapProfiler}. A column whose figure was not collected shows
 * {@code —}.
 *
 * <p>Usage: {@code BenchTable results.json [more.json ...]}: a row of a later file replaces the row
 * of an earlier one with the same benchmark and parameters, so a partial re-run can update a full
 * table.
 */
public final class BenchTable {

    private BenchTable() {
    }

    /**
     * @param args the JMH JSON result file
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: BenchTable <jmh-results.json> [more.json ...]");
            System.exit(2);
        }
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String file : args) {
            for (JsonNode r : mapper.readTree(Path.of(file).toFile())) {
                rows.put(r.path("benchmark").asText() + " " + r.path("params"), r);
            }
        }
        print(mapper.valueToTree(List.copyOf(rows.values())), System.out);
    }

    /**
     * @param results JMH's JSON result array
     * @param out where the table goes
     */
    static void print(JsonNode results, PrintStream out) {
        out.println("| scenario | size | median | error (99.9 %) | alloc/op | peak heap |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (JsonNode r : results) {
            JsonNode primary = r.path("primaryMetric");
            String unit = primary.path("scoreUnit").asText();
            String timeUnit = unit.contains("/op") ? unit.substring(0, unit.indexOf("/op")) : unit;
            JsonNode median = primary.path("scorePercentiles").path("50.0");
            JsonNode secondary = r.path("secondaryMetrics");
            out.println("| " + scenario(r) + " | " + size(r.path("params")) + " | "
                    + (median.isNumber() ? number(median.asDouble()) + " " + timeUnit : "—") + " | "
                    + "± " + number(primary.path("scoreError").asDouble(Double.NaN)) + " " + timeUnit + " | "
                    + bytes(secondary.path("gc.alloc.rate.norm").path("score")) + " | "
                    + mib(secondary.path("peak.heap").path("score")) + " |");
        }
    }

    /** {@code dev.rocky.bench.LoadBenchmark.load} with {@code mode=dag} → {@code Load.load (dag)}. */
    private static String scenario(JsonNode r) {
        String benchmark = r.path("benchmark").asText();
        String[] parts = benchmark.split("\\.");
        String method = parts[parts.length - 1];
        String cls = parts.length > 1 ? parts[parts.length - 2].replace("Benchmark", "") : "";
        List<String> qualifiers = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!isSize(e.getKey())) {
                qualifiers.add(e.getValue().asText());
            }
        }
        String name = cls.isEmpty() ? method : cls + "." + method;
        return qualifiers.isEmpty() ? name : name + " (" + String.join(", ", qualifiers) + ")";
    }

    private static boolean isSize(String param) {
        return param.equals("tables") || param.equals("models") || param.equals("size") || param.equals("results");
    }

    private static String size(JsonNode params) {
        List<String> sizes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = params.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (isSize(e.getKey())) {
                sizes.add(String.format(Locale.ROOT, "%,d %s", e.getValue().asLong(), e.getKey()));
            }
        }
        return sizes.isEmpty() ? "—" : String.join(", ", sizes);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String bytes(JsonNode score) {
        if (!score.isNumber()) {
            return "—";
        }
        double b = score.asDouble();
        return b >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024))
                : b >= 1024 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024) : String.format(Locale.ROOT, "%.0f B", b);
    }

    private static String mib(JsonNode score) {
        return score.isNumber() ? String.format(Locale.ROOT, "%.0f MiB", score.asDouble()) : "—";
    }
}
