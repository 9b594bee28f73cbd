package com.example.host;

import dev.rocky.translator.spi.Names;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts every asset under the owning team: key {@code <team>/<table>}, group {@code <team>}, tag {@code team}. */
public final class TeamTranslator implements RockyTranslator {

    private final String team;

    /** @param team the team's name, a valid group name */
    public TeamTranslator(String team) {
        this.team = team;
    }

    @Override
    public List<String> assetKey(SourceView source, TableView table) {
        return List.of(team, Names.keySegment(table.name()));
    }

    @Override
    public String groupName(SourceView source) {
        return team;
    }

    @Override
    public Map<String, String> tags(SourceView source, TableView table) {
        Map<String, String> tags = new LinkedHashMap<>(RockyTranslator.super.tags(source, table));
        tags.put("team", team);
        return tags;
    }
}
