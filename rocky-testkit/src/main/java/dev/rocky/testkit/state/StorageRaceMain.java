package dev.rocky.testkit.state;

import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import dev.rocky.core.service.VersionedStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The second process of {@link VersionedStateStoreContract}'s cross-process race. Arguments:
 * {@code <factory class> <state key> <start at, epoch ms> <expected pointer version> <expected tag,
 * base64> <writes> [name=value]…}. It opens the backend, creates its own version, waits for the
 * start instant, tries once to move the pointer from the expected one to its version and prints
 * {@code cas won <version>} or {@code cas lost <version>}, then makes {@code writes} full writes,
 * printing {@code write <version>} for each. Any failure prints {@code error <message>} on stderr
 * and exits 2.
 */
public final class StorageRaceMain {

    private StorageRaceMain() {
    }

    /**
     * @param args as described above
     * @throws Exception never deliberately; the exit code tells
     */
    public static void main(String[] args) throws Exception {
        try {
            VersionStorageFactory factory = (VersionStorageFactory) Class.forName(args[0]).getConstructor().newInstance();
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 6; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            VersionStorage storage = factory.open(args[1], settings);
            long startAt = Long.parseLong(args[2]);
            VersionPointer expected = new VersionPointer(args[3], new String(Base64.getDecoder().decode(args[4]), StandardCharsets.UTF_8));
            int writes = Integer.parseInt(args[5]);
            String mine = VersionIds.next(Instant.now());
            storage.create(mine, ("{\"from\":\"process " + ProcessHandle.current().pid() + "\"}").getBytes(StandardCharsets.UTF_8));
            long wait = startAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            boolean won = storage.movePointer(Optional.of(expected), mine);
            System.out.println((won ? "cas won " : "cas lost ") + mine);
            VersionedStateStore store = new VersionedStateStore(storage, 1000);
            for (int i = 0; i < writes; i++) {
                String version = store.write(("{\"write\":" + i + "}").getBytes(StandardCharsets.UTF_8)).version().orElseThrow();
                System.out.println("write " + version);
            }
            System.out.flush();
            if (storage instanceof AutoCloseable closeable) {
                closeable.close();
            }
            System.exit(0);
        } catch (Exception | Error e) {
            System.err.println("error " + e);
            System.exit(2);
        }
    }
}
