package dev.rocky.core.run;

import dev.rocky.core.spec.MetadataValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message rocky wrote on its Dagster Pipes channel (protocol 0.1, the engine's
 * {@code rocky-cli/src/pipes.rs}), decoded: a line {@code {"__dagster_pipes_version": "0.1",
 * "method": ..., "params": ...}} of the messages file. Lines that are not protocol messages are
 * {@link Malformed}; methods rocky-java does not read are {@link Unknown}; neither stops a run.
 */
public sealed interface PipesMessage {

    /** {@code opened}: the engine started its session. */
    record Opened() implements PipesMessage {
    }

    /**
     * {@code closed}: the engine ended its session.
     *
     * @param exception the exception message it closed with, when it did
     */
    record Closed(Optional<String> exception) implements PipesMessage {
        /** Rejects {@code null}. */
        public Closed {
            Objects.requireNonNull(exception, "exception is null");
        }
    }

    /**
     * {@code log}.
     *
     * @param level Python's level name as sent ({@code INFO}, {@code WARN}, {@code WARNING}, …)
     * @param message the text
     */
    record Log(String level, String message) implements PipesMessage {
        /** Rejects {@code null}. */
        public Log {
            Objects.requireNonNull(level, "level is null");
            Objects.requireNonNull(message, "message is null");
        }
    }

    /**
     * {@code report_asset_materialization}.
     *
     * @param engineKey the engine's asset key, the wire string split at unescaped {@code /}
     *     ({@code [source_type, *components, table]})
     * @param metadata the values, unwrapped from {@code {"raw_value", "type"}}
     */
    record Materialization(List<String> engineKey, Map<String, MetadataValue> metadata) implements PipesMessage {
        /** Copies; rejects {@code null}. */
        public Materialization {
            engineKey = List.copyOf(engineKey);
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * {@code report_asset_check}.
     *
     * @param engineKey the engine's asset key, as {@link Materialization#engineKey()}
     * @param checkName the name as sent (mapped onto {@code [A-Za-z0-9_]} by the engine)
     * @param passed whether it passed
     * @param severity {@code ERROR} or {@code WARN}
     * @param metadata the values, unwrapped
     */
    record CheckResult(List<String> engineKey, String checkName, boolean passed, CheckSeverity severity,
            Map<String, MetadataValue> metadata) implements PipesMessage {
        /** Copies; rejects {@code null}. */
        public CheckResult {
            engineKey = List.copyOf(engineKey);
            Objects.requireNonNull(checkName, "checkName is null");
            Objects.requireNonNull(severity, "severity is null");
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * A protocol method rocky-java does not read ({@code report_custom_message},
     * {@code log_external_stream}, or one from a newer protocol).
     *
     * @param method its name
     */
    record Unknown(String method) implements PipesMessage {
        /** Rejects {@code null}. */
        public Unknown {
            Objects.requireNonNull(method, "method is null");
        }
    }

    /**
     * A line that is not a protocol message: not JSON, no envelope, a wrong field type, or cut off
     * when the process ended.
     *
     * @param line its 1-based number in the messages file
     * @param reason what is wrong with it (never the line's content, which may hold data)
     */
    record Malformed(int line, String reason) implements PipesMessage {
        /** Rejects {@code null}. */
        public Malformed {
            Objects.requireNonNull(reason, "reason is null");
        }
    }
}
