package dev.rocky.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.sensor.SensorCursor;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The discover sensor's cursor as stored beside the state: {@code {"format_version": 1,
 * "last_tick_at": "<RFC 3339>" | null, "syncs": {"<source id>": "<last_sync_at>"}}}.
 */
public final class SensorCursorCodec {

    /** The stored format's version. */
    public static final int FORMAT_VERSION = 1;

    private SensorCursorCodec() {
    }

    /**
     * @param cursor the cursor
     * @return its stored bytes
     */
    public static byte[] encode(SensorCursor cursor) {
        ObjectNode root = RockyJson.mapper().createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        if (cursor.lastTickAt().isPresent()) {
            root.put("last_tick_at", cursor.lastTickAt().get().toString());
        } else {
            root.putNull("last_tick_at");
        }
        ObjectNode syncs = root.putObject("syncs");
        cursor.syncs().forEach(syncs::put);
        try {
            return RockyJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the sensor cursor", e);
        }
    }

    /**
     * @param bytes stored bytes
     * @param where where they were read, for the message
     * @return the cursor
     * @throws RockyException {@code STATE_CORRUPT} when they are not a cursor of a known format,
     *     naming the location and how to start over
     */
    public static SensorCursor decode(byte[] bytes, String where) {
        try {
            JsonNode root = RockyJson.mapper().readTree(bytes);
            if (root == null || !root.isObject() || root.path("format_version").asInt(-1) != FORMAT_VERSION
                    || !root.path("syncs").isObject()) {
                throw corrupt(where, "not a sensor cursor of format " + FORMAT_VERSION);
            }
            Map<String, String> syncs = new LinkedHashMap<>();
            for (var it = root.path("syncs").fields(); it.hasNext();) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw corrupt(where, "syncs." + e.getKey() + " is not a string");
                }
                syncs.put(e.getKey(), e.getValue().asText());
            }
            JsonNode last = root.path("last_tick_at");
            Optional<Instant> lastTick = last.isTextual() ? Optional.of(Instant.parse(last.asText())) : Optional.empty();
            return new SensorCursor(syncs, lastTick);
        } catch (IOException | DateTimeParseException e) {
            throw corrupt(where, e.getMessage());
        }
    }

    private static RockyException corrupt(String where, String why) {
        return new RockyException(ErrorCode.STATE_CORRUPT, "the sensor cursor at " + where + " cannot be read (" + why + "); delete it "
                + "to start over (every source with a sync time then triggers once)");
    }
}
