package dev.rocky.core.port;

import dev.rocky.core.model.ModelSidecar;
import java.nio.file.Path;
import java.util.List;

/**
 * The models a project declares on disk: the {@code *.toml} sidecars of a models directory,
 * merged over {@code _defaults.toml}, read without calling rocky. Files named {@code _*.toml}
 * (directory defaults) and {@code *.contract.toml} (contracts) are not models.
 */
public interface ModelCatalog {

    /**
     * @param modelsDir the models directory
     * @return the declared models sorted by name; empty when the directory does not exist
     * @throws dev.rocky.core.error.ConfigException when a sidecar is not valid TOML, naming the
     *     file and line
     */
    List<ModelSidecar> models(Path modelsDir);
}
