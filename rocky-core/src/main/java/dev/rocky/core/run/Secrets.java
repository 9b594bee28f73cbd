package dev.rocky.core.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that must never be shown: replaced by {@link RunOptions#MASK} in every stderr line,
 * message and event text that passes through {@link #redact}. Immutable and thread-safe.
 *
 * <p>{@link #fromEnvironment} takes the values of the environment variables that are secrets by
 * name ({@link #SECRET_NAME}: {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*}, …) or by use
 * (named by the caller, e.g. those {@code rocky.toml} references as {@code ${NAME}}). Values
 * shorter than {@value #MIN_LENGTH} characters are not masked: they would mask ordinary words. A
 * multi-line value is also masked line by line (each line of at least {@value #MIN_LINE_LENGTH}
 * characters), since stderr and logs carry it one line at a time.
 */
public final class Secrets {

    /** Environment variable names whose values are secrets. */
    public static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|API_KEY|ACCESS_KEY|AUTH).*");

    /** The shortest value masked. */
    public static final int MIN_LENGTH = 4;

    /** The shortest line of a multi-line value that is masked on its own (a line of a PEM key is 64). */
    public static final int MIN_LINE_LENGTH = 8;

    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** @return no secrets: {@link #redact} returns its input */
    public static Secrets none() {
        return NONE;
    }

    /**
     * @param values the secret values; {@code null}, blank and short ones are left out
     * @return the secrets, longest first (so a secret containing another is masked whole)
     */
    public static Secrets of(Collection<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank() && v.length() >= MIN_LENGTH) {
                kept.add(v);
                if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    // A multi-line value (a PEM key) reaches a log one line at a time: each line is a secret too.
                    for (String line : v.split("\r?\n|\r")) {
                        String l = line.strip();
                        if (l.length() >= MIN_LINE_LENGTH) {
                            kept.add(l);
                        }
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<>(kept);
        sorted.sort(LONGEST_FIRST);
        return sorted.isEmpty() ? NONE : new Secrets(List.copyOf(sorted));
    }

    /**
     * @param environment the process environment
     * @param referenced names whose values are secrets whatever they are called
     * @return the values of the variables that are secrets by name or by use
     */
    public static Secrets fromEnvironment(Map<String, String> environment, Collection<String> referenced) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : environment.entrySet()) { // not forEach with a lambda: see RockyComponent's FingerprintThreads
            if (SECRET_NAME.matcher(e.getKey()).matches() || referenced.contains(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return of(out);
    }

    /**
     * @param more further secrets, e.g. a run's masked arguments
     * @return these and those
     */
    public Secrets and(Collection<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return of(all);
    }

    /**
     * @param text any text; {@code null} stays {@code null}
     * @return the text with every secret, and its JSON-escaped form, replaced by {@link RunOptions#MASK}
     */
    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : values) {
            out = out.replace(secret, RunOptions.MASK);
            String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\t", "\\t");
            if (!escaped.equals(secret)) {
                out = out.replace(escaped, RunOptions.MASK);
            }
        }
        return out;
    }

    /** @return how many values are masked */
    public int size() {
        return values.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secrets s && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    /** Never shows the values. */
    @Override
    public String toString() {
        return "Secrets[" + values.size() + " masked]";
    }

    /**
     * The order secrets are masked in: longer first (a secret that contains another is masked
     * whole), then alphabetical. A class rather than a composed {@code Comparator} or a method
     * reference: the JVM would spin a class, or generate a method-handle form, for those when a
     * command starts.
     */
    private static final java.util.Comparator<String> LONGEST_FIRST = new java.util.Comparator<>() {
        @Override
        public int compare(String a, String b) {
            int byLength = Integer.compare(b.length(), a.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
    };
}
