package dev.rocky.core.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a state was built from: one SHA-256 digest per input (e.g. {@code rocky.toml}, the models
 * directory, the contracts directory, the component's attributes, the rocky binary, the state
 * format) and one digest over all of them. Recorded in the state document's {@code fingerprint}
 * at refresh; at load the current inputs are fingerprinted again, and any part that differs makes
 * the state stale.
 *
 * @param digest lower-case hex SHA-256 over the sorted {@code name=value} lines of {@code parts}
 * @param parts each input's name and digest (or short value), sorted by name; copied
 */
public record Fingerprint(String digest, Map<String, String> parts) {

    /** Rejects {@code null} parts and keeps them sorted. */
    public Fingerprint {
        Objects.requireNonNull(digest, "digest is null");
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
    }

    /**
     * @param parts each input's name and digest
     * @return the fingerprint, with its overall digest computed
     */
    public static Fingerprint of(Map<String, String> parts) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(parts).forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        return new Fingerprint(sha256Hex(lines.toString().getBytes(StandardCharsets.UTF_8)), parts);
    }

    /**
     * @param current the fingerprint of the inputs as they are now
     * @return the names of the parts that differ (changed, added or removed), sorted; empty when
     *     the two fingerprints match
     */
    public List<String> changedParts(Fingerprint current) {
        if (digest.equals(current.digest)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>(parts.keySet());
        names.addAll(current.parts.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(parts.get(name), current.parts.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256 in lower-case hex
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** @return a fresh SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }
}
