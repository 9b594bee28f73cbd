package dev.rocky.core.state;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Version ids for versioned state stores: time-ordered UUIDs in the RFC 9562 version 7 layout
 * (48-bit Unix milliseconds, version nibble 7, 12-bit in-process sequence, variant bits, 62 random
 * bits), written as the usual 36-character lowercase form. Ids from one process sort in write order
 * as strings; ids from different processes sort by their millisecond. Stores written by earlier
 * builds hold random (version 4) UUIDs; both forms are accepted.
 */
public final class VersionIds {

    private static final VersionIds SHARED = new VersionIds();
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private long lastMillis;
    private int sequence;

    /** A generator with its own sequence; each {@code VersionedStateStore} has one. */
    public VersionIds() {
    }

    /**
     * @param now the write time
     * @return a new id from the process-wide generator
     */
    public static String next(Instant now) {
        return SHARED.nextId(now);
    }

    /**
     * @param now the write time
     * @return a new id, later in string order than every id this generator made before (when the
     *     clock stands still or goes back, the previous millisecond is reused with the next sequence)
     */
    public String nextId(Instant now) {
        long millis = now.toEpochMilli();
        int seq;
        synchronized (this) {
            if (millis <= lastMillis) {
                millis = lastMillis;
                sequence++;
                if (sequence > 0xFFF) {
                    millis++;
                    sequence = 0;
                }
            } else {
                sequence = 0;
            }
            lastMillis = millis;
            seq = sequence;
        }
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * @param id a string
     * @return whether it has the form of a version id (a lowercase UUID), so it can name a file or key
     */
    public static boolean isVersionId(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    /**
     * @param id a version id
     * @return the write time encoded in a version-7 id; empty for other UUIDs or malformed ids
     */
    public static Optional<Instant> writtenAt(String id) {
        if (!isVersionId(id) || id.charAt(14) != '7') {
            return Optional.empty();
        }
        long millis = Long.parseLong(id.substring(0, 8) + id.substring(9, 13), 16);
        return Optional.of(Instant.ofEpochMilli(millis));
    }
}
