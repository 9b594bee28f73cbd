package dev.rocky.core.spec;

/**
 * Dagster's naming rules for what a translator produces, as functions that map any text rocky
 * reports onto a valid name: asset key segments ({@code [A-Za-z0-9_.-]}, 1–255), group names
 * ({@code [A-Za-z0-9_]}, 1–255) and tag parts ({@code [A-Za-z0-9_.-]}, at most 63). The translator
 * SPI exposes them to plugins as {@code dev.rocky.translator.spi.Names}.
 */
public final class AssetNames {

    private AssetNames() {
    }

    /**
     * Maps any name rocky reports (a table, a source type, a component value) to a valid asset key
     * segment: 1–255 characters of {@code [A-Za-z0-9_.-]}. Deterministic, and the identity on a
     * valid segment. Accents are dropped ({@code café} → {@code cafe}); any other character
     * outside the alphabet becomes {@code _} ({@code Order Items} → {@code Order_Items}). When a
     * letter or digit of another script was replaced ({@code 日本}), or the name is longer than 255
     * characters, {@code _} and eight hex digits of the name's CRC-32 are appended (the name cut to
     * fit), so distinct names stay distinct.
     *
     * @param name any text
     * @return a valid asset key segment
     */
    public static String keySegment(String name) {
        return mapName(name, true);
    }

    /**
     * As {@link #keySegment}, for a group: 1–255 characters of {@code [A-Za-z0-9_]} ({@code 1.5} →
     * {@code 1_5}).
     *
     * @param name any text
     * @return a valid group name
     */
    public static String groupSegment(String name) {
        return mapName(name, false);
    }

    /**
     * Coerces text into a valid tag key part or tag value (Dagster's strict tag charset).
     *
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_.-]} replaced by {@code _},
     *     cut to 63 characters; empty for empty text
     */
    public static String sanitizeTag(String text) {
        int length = Math.min(text.length(), 63);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = allowedInName(c, true);
            if (!ok && out == null) {
                out = new StringBuilder(length).append(text, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '_');
            }
        }
        return out != null ? out.toString() : text.substring(0, length);
    }

    /**
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     *     ({@code _} for empty text); the text itself when nothing needs replacing (a check name
     *     rocky reports is usually one already, so no copy is made per check result)
     */
    public static String sanitize(String text) {
        int length = text.length();
        int first = 0;
        while (first < length && allowedInName(text.charAt(first), false)) {
            first++;
        }
        if (first == length) {
            return length == 0 ? "_" : text;
        }
        StringBuilder out = new StringBuilder(length).append(text, 0, first);
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            out.append(allowedInName(c, false) ? c : '_');
        }
        return out.toString();
    }

    private static String mapName(String name, boolean dotAndDash) {
        if (validName(name, dotAndDash)) {
            return name;
        }
        String folded = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(Math.min(folded.length(), 255));
        boolean lostLetter = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (allowedInName(cp, dotAndDash)) {
                out.append((char) cp);
            } else {
                lostLetter |= Character.isLetterOrDigit(cp);
                out.append('_');
            }
        }
        if (out.length() == 0) {
            out.append('_');
        }
        if (lostLetter || out.length() > 255) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.setLength(Math.min(out.length(), 255 - 9));
            out.append('_').append(String.format("%08x", crc.getValue()));
        }
        return out.toString();
    }

    private static boolean validName(String name, boolean dotAndDash) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowedInName(name.charAt(i), dotAndDash)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedInName(int c, boolean dotAndDash) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (dotAndDash && (c == '.' || c == '-'));
    }
}
