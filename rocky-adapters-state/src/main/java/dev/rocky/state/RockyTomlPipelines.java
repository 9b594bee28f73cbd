package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipelines a {@code rocky.toml} declares, read as the engine reads them (after its
 * environment substitution; a pipeline without {@code type} is a replication pipeline), for the
 * one decision rocky-java takes from them: which pipeline {@code rocky discover} must be told.
 * The engine's discover resolves its pipeline itself only when the config has exactly one
 * (rocky-cli {@code registry.rs} {@code resolve_replication_pipeline}: several pipelines without
 * {@code --pipeline} is the error "multiple pipelines defined (…)"), so a project with one
 * replication pipeline beside transformation, quality or other pipelines needs
 * {@code --pipeline <it>}. Stateless.
 */
public final class RockyTomlPipelines {

    private RockyTomlPipelines() {
    }

    /**
     * @param rockyToml the project's config
     * @param environment the variables its placeholders read
     * @return the replication pipeline to pass to {@code rocky discover --pipeline}: present when
     *     the config declares more than one pipeline and exactly one replication pipeline; empty
     *     otherwise (one pipeline, which the engine picks itself; several replication pipelines,
     *     which only the user can choose between; a config rocky-java cannot read, whose error the
     *     engine reports)
     */
    public static Optional<String> discoverPipeline(Path rockyToml, Map<String, String> environment) {
        Optional<JsonNode> document = RockyTomlDocument.read(rockyToml, environment);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        JsonNode pipelines = document.get().path("pipeline");
        List<String> replication = new ArrayList<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = pipelines.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            count++;
            if (p.getValue().path("type").asText("replication").equals("replication")) {
                replication.add(p.getKey());
            }
        }
        return count > 1 && replication.size() == 1 ? Optional.of(replication.get(0)) : Optional.empty();
    }
}
