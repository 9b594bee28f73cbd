package dev.rocky.testkit.state;

import dev.rocky.core.port.VersionStorage;
import dev.rocky.state.DirectoryVersionStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** The versioned-store contract on a local directory; "down" is the base directory replaced by a plain file. */
class DirectoryStateStoreContractTest extends VersionedStateStoreContract {

    private Path base;

    @BeforeEach
    void base() {
        base = temp.resolve("versions");
    }

    @Override
    protected VersionStorage openStorage(String stateKey) {
        return new DirectoryVersionStorage(base.resolve(stateKey));
    }

    @Override
    protected void stopBackend() throws Exception {
        Files.createDirectories(base);
        Files.move(base, base.resolveSibling("versions.down"));
        Files.writeString(base, "not a directory: the backend is down");
    }

    @Override
    protected void startBackend() throws Exception {
        Path down = base.resolveSibling("versions.down");
        if (Files.exists(down)) {
            Files.delete(base);
            Files.move(down, base);
        }
    }

    @Override
    protected Class<? extends VersionStorageFactory> factory() {
        return Factory.class;
    }

    @Override
    protected Map<String, String> factorySettings() {
        return Map.of("base", base.toString());
    }

    /** Opens the directory in the racing child process. */
    public static final class Factory implements VersionStorageFactory {
        @Override
        public VersionStorage open(String key, Map<String, String> settings) {
            return new DirectoryVersionStorage(Path.of(settings.get("base")).resolve(key));
        }
    }
}
