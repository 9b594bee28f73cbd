package com.example.host;

import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.translator.spi.RockyTranslator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Puts every asset under the owning team: key {@code <team>/<table>}, group {@code <team>}, tag {@code team}. */
public final class TeamTranslator implements RockyTranslator {

    private final String team;

    /** @param team the team's name, a valid group name */
    public TeamTranslator(String team) {
        this.team = team;
    }

    @Override
    public AssetKey assetKey(Source source, Table table) {
        return AssetKey.of(team, table.name());
    }

    @Override
    public String groupName(Source source) {
        return team;
    }

    @Override
    public Map<String, String> tags(Source source, Table table) {
        Map<String, String> tags = new LinkedHashMap<>(RockyTranslator.super.tags(source, table));
        tags.put("team", team);
        return tags;
    }
}
