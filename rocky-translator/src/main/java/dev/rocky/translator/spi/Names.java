package dev.rocky.translator.spi;

import dev.rocky.core.spec.AssetNames;

/**
 * Dagster's naming rules as functions a translator uses to turn any text rocky reports into a
 * valid name. Deterministic, and the identity on a name that is already valid.
 */
public final class Names {

    private Names() {
    }

    /**
     * Maps any name to a valid asset key segment: 1–255 characters of {@code [A-Za-z0-9_.-]}.
     * Accents are dropped ({@code café} → {@code cafe}); any other character outside the alphabet
     * becomes {@code _} ({@code Order Items} → {@code Order_Items}). When a letter or digit of
     * another script was replaced ({@code 日本}), or the name is longer than 255 characters,
     * {@code _} and eight hex digits of the name's CRC-32 are appended, so distinct names stay
     * distinct.
     *
     * @param name any text
     * @return a valid asset key segment
     */
    public static String keySegment(String name) {
        return AssetNames.keySegment(name);
    }

    /**
     * As {@link #keySegment}, for a group: 1–255 characters of {@code [A-Za-z0-9_]}.
     *
     * @param name any text
     * @return a valid group name
     */
    public static String groupSegment(String name) {
        return AssetNames.groupSegment(name);
    }

    /**
     * @param text any text
     * @return a valid tag key part or tag value: every character outside {@code [A-Za-z0-9_.-]}
     *     replaced by {@code _}, cut to 63 characters; empty for empty text
     */
    public static String tag(String text) {
        return AssetNames.sanitizeTag(text);
    }

    /**
     * @param text any text
     * @return the text with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     *     ({@code _} for empty text)
     */
    public static String identifier(String text) {
        return AssetNames.sanitize(text);
    }
}
