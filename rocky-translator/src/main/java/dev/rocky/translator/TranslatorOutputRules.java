package dev.rocky.translator;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a translator may return (documented on {@code RockyTranslator}): asset key segments of
 * 1–255 characters of {@code [A-Za-z0-9_.-]}; groups of 1–255 characters of {@code [A-Za-z0-9_]};
 * tag keys of one or two {@code /}-separated parts of 1–63 characters of {@code [A-Za-z0-9_.-]},
 * and tag values of 0–63 such characters. Each check gives the problem in words, or empty.
 */
final class TranslatorOutputRules {

    static final int MAX_SEGMENT = 255;
    static final int MAX_TAG_PART = 63;

    private TranslatorOutputRules() {
    }

    static Optional<String> keyProblem(AssetKey key) {
        return keyProblem(key.path());
    }

    static Optional<String> keyProblem(List<String> path) {
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            if (segment.isEmpty()) {
                return Optional.of("segment " + (i + 1) + " is empty");
            }
            if (segment.length() > MAX_SEGMENT) {
                return Optional.of("segment " + (i + 1) + " is " + segment.length() + " characters long (at most " + MAX_SEGMENT + ")");
            }
            int bad = firstOutside(segment, true);
            if (bad >= 0) {
                return Optional.of("segment " + (i + 1) + " '" + segment + "' has " + describe(segment.charAt(bad))
                        + " (allowed: A-Z a-z 0-9 _ . -)");
            }
        }
        return Optional.empty();
    }

    /**
     * @param segment one asset key segment
     * @return whether {@link #keyProblem} finds nothing wrong with it (its problem, if any, is
     *     worded by {@code keyProblem} on the whole key)
     */
    static boolean isKeySegment(String segment) {
        return !segment.isEmpty() && segment.length() <= MAX_SEGMENT && firstOutside(segment, true) < 0;
    }

    static Optional<String> groupProblem(String group) {
        if (group.isEmpty()) {
            return Optional.of("the group is empty");
        }
        if (group.length() > MAX_SEGMENT) {
            return Optional.of("the group is " + group.length() + " characters long (at most " + MAX_SEGMENT + ")");
        }
        int bad = firstOutside(group, false);
        if (bad >= 0) {
            return Optional.of("'" + group + "' has " + describe(group.charAt(bad)) + " (allowed: A-Z a-z 0-9 _)");
        }
        return Optional.empty();
    }

    static Optional<String> tagsProblem(Map<String, String> tags) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || value == null) {
                return Optional.of("tag " + key + " has a null key or value");
            }
            int slash = key.indexOf('/');
            String problem = slash < 0 ? tagPartProblem(key, 0, key.length(), "key") : tagPartProblem(key, 0, slash, "key prefix");
            if (problem == null && slash >= 0) {
                problem = tagPartProblem(key, slash + 1, key.length(), "key name");
            }
            if (problem == null && !value.isEmpty()) {
                problem = tagPartProblem(value, 0, value.length(), "value");
            }
            if (problem != null) {
                return Optional.of("tag '" + key + "' = '" + value + "': " + problem);
            }
        }
        return Optional.empty();
    }

    /** @return the problem with {@code text[from, to)} as a tag part, or {@code null} when it is fine */
    private static String tagPartProblem(String text, int from, int to, String what) {
        int length = to - from;
        if (length == 0) {
            return "its " + what + " is empty";
        }
        if (length > MAX_TAG_PART) {
            return "its " + what + " is " + length + " characters long (at most " + MAX_TAG_PART + ")";
        }
        int bad = firstOutside(text, from, to, true);
        return bad < 0 ? null : "its " + what + " has " + describe(text.charAt(bad)) + " (allowed: A-Z a-z 0-9 _ . -)";
    }

    private static int firstOutside(String text, boolean dotAndDash) {
        return firstOutside(text, 0, text.length(), dotAndDash);
    }

    private static int firstOutside(String text, int from, int to, boolean dotAndDash) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (dotAndDash && (c == '.' || c == '-'));
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
