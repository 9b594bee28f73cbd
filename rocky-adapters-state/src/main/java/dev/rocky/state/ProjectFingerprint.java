package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.InputFingerprint;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link InputFingerprint} over a project on disk. Parts:
 * <ul>
 *   <li>{@code rocky.toml}: SHA-256 of the config file's bytes ({@code absent} when missing);</li>
 *   <li>{@code models}, {@code contracts}: SHA-256 over every regular file under the directory,
 *       by relative path and content, sorted; names starting with {@code .} (such as rocky's
 *       {@code .rocky-state/}) are skipped, symbolic links are not followed out of the directory;
 *       {@code absent} when the directory does not exist;</li>
 *   <li>{@code attributes}: SHA-256 of the component attributes that shape the state;</li>
 *   <li>{@code binary}: the rocky binary's identity without running it: its real path, size and
 *       modification time ({@code not found: <name>} when it cannot be resolved);</li>
 *   <li>{@code format}: the state format version.</li>
 * </ul>
 * Content, not modification times, is hashed for project files, so a checkout that rewrites a file
 * with the same bytes does not make the state stale.
 *
 * <p>Thread-safe.
 */
public final class ProjectFingerprint implements InputFingerprint {

    private final Path configFile;
    private final Path modelsDir;
    private final Optional<Path> contractsDir;
    private final Map<String, String> attributes;
    private final Supplier<Optional<Path>> binary;

    /**
     * @param configFile the rocky config ({@code config_path} resolved)
     * @param modelsDir the models directory ({@code models_dir} resolved)
     * @param contractsDir the contracts directory ({@code contracts_dir} resolved), when set
     * @param attributes the attributes that shape the state, by name; copied
     * @param binary resolves the rocky binary to a file, empty when it cannot be found; never runs it
     */
    public ProjectFingerprint(Path configFile, Path modelsDir, Optional<Path> contractsDir, Map<String, String> attributes,
            Supplier<Optional<Path>> binary) {
        this.configFile = Objects.requireNonNull(configFile, "configFile is null");
        this.modelsDir = Objects.requireNonNull(modelsDir, "modelsDir is null");
        this.contractsDir = Objects.requireNonNull(contractsDir, "contractsDir is null");
        this.attributes = Map.copyOf(attributes);
        this.binary = Objects.requireNonNull(binary, "binary is null");
    }

    @Override
    public Fingerprint compute() {
        Map<String, String> parts = new TreeMap<>();
        parts.put("rocky.toml", fileDigest(configFile));
        parts.put("models", directoryDigest(modelsDir));
        parts.put("contracts", contractsDir.map(ProjectFingerprint::directoryDigest).orElse("unset"));
        StringBuilder attrs = new StringBuilder();
        new TreeMap<>(attributes).forEach((k, v) -> attrs.append(k).append('=').append(v).append('\n'));
        parts.put("attributes", Fingerprint.sha256Hex(attrs.toString().getBytes(StandardCharsets.UTF_8)));
        parts.put("binary", binaryIdentity());
        parts.put("format", String.valueOf(DefsState.FORMAT_VERSION));
        return Fingerprint.of(parts);
    }

    private String binaryIdentity() {
        Optional<Path> program = binary.get();
        if (program.isEmpty()) {
            return "not found";
        }
        try {
            Path real = program.get().toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return real + " " + a.size() + " bytes " + a.lastModifiedTime();
        } catch (IOException e) {
            return "unreadable: " + program.get();
        }
    }

    private static String fileDigest(Path file) {
        try {
            return Fingerprint.sha256Hex(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read " + file + " to fingerprint it (" + e + ")", e);
        }
    }

    private static String directoryDigest(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return "absent";
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, 64)) {
            files = walk.filter(p -> !hidden(root, p))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot walk " + root + " to fingerprint it (" + e + ")", e);
        }
        MessageDigest all = Fingerprint.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (Path file : files) {
            all.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            MessageDigest one = Fingerprint.sha256();
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    one.update(buffer, 0, n);
                }
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new StateException(ErrorCode.STATE_IO, "cannot read " + file + " to fingerprint it (" + e + ")", e);
            }
            all.update(one.digest());
        }
        return java.util.HexFormat.of().formatHex(all.digest()) + " (" + files.size() + " files)";
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
