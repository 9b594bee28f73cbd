package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The normalisation the recorded fixtures went through (rocky-contract MANIFEST.md), applied to
 * any payload so it can be compared with a recording: {@code version} becomes
 * {@value #VERSION}, run-time timestamps ({@code started_at}, {@code created_at}, {@code watermark},
 * …) become {@value #TIMESTAMP}, every {@code *_ms} number becomes 0 and {@code run_id} becomes
 * {@value #RUN_ID}. Partition windows and other data timestamps are left alone.
 */
public final class RecordingNormaliser {

    /** What {@code version} is set to. */
    public static final String VERSION = "0.0.0-SENTINEL";
    /** What run-time timestamps are set to. */
    public static final String TIMESTAMP = "2000-01-01T00:00:00Z";
    /** What run ids are set to. */
    public static final String RUN_ID = "run-SENTINEL";

    private static final Set<String> TIMESTAMPS = Set.of("started_at", "created_at", "finished_at", "watermark", "last_sync_at",
            "cached_at", "generated_at", "timestamp", "completed_at", "updated_at");

    private RecordingNormaliser() {
    }

    /**
     * Normalises in place.
     *
     * @param node a payload tree
     * @return the same tree
     */
    public static JsonNode normalise(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (k.equals("version") && v.isTextual()) {
                    e.setValue(o.textNode(VERSION));
                } else if (TIMESTAMPS.contains(k) && v.isTextual()) {
                    e.setValue(o.textNode(TIMESTAMP));
                } else if (k.endsWith("_ms") && v.isNumber()) {
                    e.setValue(o.numberNode(0));
                } else if (k.equals("run_id") && v.isTextual()) {
                    e.setValue(o.textNode(RUN_ID));
                } else {
                    normalise(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(RecordingNormaliser::normalise);
        }
        return node;
    }
}
