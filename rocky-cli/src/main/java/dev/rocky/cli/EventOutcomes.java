package dev.rocky.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.AssetKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each asset's last outcome in a {@code materialize --format jsonl} output (the published
 * {@link PublishedFormat#EVENTS} format): {@code failed} over {@code check failed} (an ERROR check
 * that did not pass) over {@code materialized}; an asset the stream does not name did not run.
 */
final class EventOutcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventOutcomes() {
    }

    /**
     * @param file a jsonl event stream
     * @return outcome by asset
     * @throws RockyException {@code CONFIG_INVALID} naming the file and line that is not an event
     */
    static Map<AssetKey, String> read(Path file) {
        Map<AssetKey, String> out = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException bad) {
                    throw new RockyException(ErrorCode.CONFIG_INVALID, file + ":" + n + " is not JSON; --events takes the output "
                            + "of `rocky-component materialize --format jsonl`");
                }
                JsonNode key = e.path("asset_key");
                if (!key.isArray() || key.isEmpty()) {
                    continue; // the summary, or a failure of no asset
                }
                List<String> path = new ArrayList<>();
                key.forEach(k -> path.add(k.asText()));
                AssetKey asset = new AssetKey(path);
                String type = e.path("type").asText();
                String now = out.get(asset);
                if (type.equals("failure")) {
                    out.put(asset, "failed");
                } else if (type.equals("check") && !e.path("passed").asBoolean(true) && e.path("severity").asText().equals("ERROR")
                        && !"failed".equals(now)) {
                    out.put(asset, "check failed");
                } else if (type.equals("materialization") && now == null) {
                    out.put(asset, "materialized");
                }
            }
        } catch (IOException e) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "cannot read --events " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
