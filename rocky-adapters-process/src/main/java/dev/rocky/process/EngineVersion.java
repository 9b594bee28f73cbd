package dev.rocky.process;

import java.util.Optional;

/**
 * A rocky engine version as {@code rocky --version} prints it ({@code rocky 1.71.0}); only
 * major.minor.patch are compared, a pre-release or build suffix is ignored.
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 */
public record EngineVersion(int major, int minor, int patch) implements Comparable<EngineVersion> {

    /** The oldest engine this framework supports. */
    public static final EngineVersion FLOOR = new EngineVersion(1, 34, 0);

    /**
     * The first engine whose {@code rocky dag} resolves each transformation pipeline's own models
     * root when {@code --models} is left out; older ones need the flag.
     */
    public static final EngineVersion DAG_RESOLVES_PIPELINE_ROOTS = new EngineVersion(1, 68, 0);

    /**
     * The first engine whose {@code rocky run --model <m> --pipeline <p>} runs the model from its
     * pipeline's own models root (the SDK's floor for {@code run_model(pipeline=…)}).
     */
    public static final EngineVersion MODEL_RUNS_IN_ITS_PIPELINE = new EngineVersion(1, 69, 0);

    /**
     * @param text {@code rocky --version}'s stdout, e.g. {@code rocky 1.71.0\n}, or a bare version
     * @return the version, or empty when none can be read
     */
    public static Optional<EngineVersion> parse(String text) {
        String s = text.strip();
        int space = s.lastIndexOf(' ');
        if (space >= 0) {
            s = s.substring(space + 1);
        }
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        int end = 0;
        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
            end++;
        }
        String[] parts = s.substring(0, end).split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EngineVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(EngineVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
