package dev.rocky.core.discover;

import java.util.List;
import java.util.Objects;

/**
 * One schema-pattern component of a discovered source ({@code sources[].components} in rocky's
 * discover output): a single string such as {@code "acme"} or a list such as
 * {@code ["us_west", "eu"]}.
 */
public sealed interface ComponentValue {

    /** @return the value as one string: a single value as is, a list joined with {@code __} */
    String joined();

    /**
     * A single string component, e.g. {@code tenant = "acme"}.
     *
     * @param value the component value
     */
    record Single(String value) implements ComponentValue {
        /** Rejects {@code null}. */
        public Single {
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String joined() {
            return value;
        }
    }

    /**
     * A multi-valued component, e.g. {@code regions = ["us_west", "eu"]}.
     *
     * @param values the component values, in order; copied
     */
    record Multi(List<String> values) implements ComponentValue {
        /** Copies the list. */
        public Multi {
            values = List.copyOf(values);
        }

        @Override
        public String joined() {
            return String.join("__", values);
        }
    }
}
