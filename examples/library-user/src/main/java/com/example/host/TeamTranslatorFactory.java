package com.example.host;

import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.RockyTranslatorFactory;
import dev.rocky.translator.spi.TranslatorContext;
import dev.rocky.translator.spi.TranslatorPlugin;
import java.util.Map;

/** The {@code team} plugin: {@code translator: {name: team, config: {team: payments}}} in defs.yaml. */
@TranslatorPlugin(name = "team")
public final class TeamTranslatorFactory implements RockyTranslatorFactory {

    @Override
    public String name() {
        return "team";
    }

    @Override
    public RockyTranslator create(Map<String, String> config, TranslatorContext context) {
        String team = config.getOrDefault("team", "data");
        if (!team.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("team must be a group name such as payments, got '" + team + "'");
        }
        return new TeamTranslator(team);
    }
}
