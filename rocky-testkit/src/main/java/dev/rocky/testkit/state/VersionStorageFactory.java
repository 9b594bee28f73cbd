package dev.rocky.testkit.state;

import dev.rocky.core.port.VersionStorage;
import java.util.Map;

/**
 * Opens a {@link VersionStorage} from plain settings, so that {@link VersionedStateStoreContract} can
 * open the same backend in a second JVM ({@link StorageRaceMain}). Implementations need a public
 * no-argument constructor.
 */
public interface VersionStorageFactory {

    /**
     * @param key the state key
     * @param settings backend settings such as an endpoint or a port, as
     *     {@link VersionedStateStoreContract#factorySettings()} gives them
     * @return a storage on the same backend the test uses
     */
    VersionStorage open(String key, Map<String, String> settings);
}
