package com.example.host;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.process.CommandRunner;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentMap;

/** How the host builds its components: its own command runner and its own state table. */
public final class Host {

    private Host() {
    }

    /**
     * @param defsYaml the project's defs.yaml
     * @param runner how rocky is run
     * @param states the host's state table
     * @return the component; nothing runs until it is called
     */
    public static RockyComponent embed(Path defsYaml, CommandRunner runner, ConcurrentMap<String, byte[]> states) {
        ComponentConfig config = new DefsYamlLoader().load(defsYaml);
        return RockyComponent.builder(config)
                .commandRunner(runner)
                .stateStore(new KeyValueStateStore(states, config.defsState().key()))
                .build();
    }
}
