package dev.rocky.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The Dagster Pipes bootstrap parameters' encoding: {@code base64(zlib(json))}, exactly as
 * {@code dagster_pipes.encode_param} / {@code decode_param} (Dagster Pipes protocol 0.1) and the
 * engine's {@code pipes.rs} read and write them. There is no plain-base64 fallback: no Dagster
 * producer sends one, so a value that does not inflate is malformed (the engine's rule too).
 *
 * <p>The two variables: {@code DAGSTER_PIPES_CONTEXT} (where the run context is: {@code {"path":
 * <file>}} or {@code {"data": {...}}}) and {@code DAGSTER_PIPES_MESSAGES} (where messages go:
 * {@code {"path": <file>}} or {@code {"stdio": "stderr"}}).
 */
public final class PipesParams {

    /** The environment variable holding the encoded context parameters. */
    public static final String CONTEXT_ENV = "DAGSTER_PIPES_CONTEXT";
    /** The environment variable holding the encoded message-channel parameters. */
    public static final String MESSAGES_ENV = "DAGSTER_PIPES_MESSAGES";
    /** The protocol version every message carries in {@code __dagster_pipes_version}. */
    public static final String PROTOCOL_VERSION = "0.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INFLATED = 16 * 1024 * 1024;

    private PipesParams() {
    }

    /**
     * @param raw the variable's value
     * @param variable its name, for the error message (never echoes the value)
     * @return the decoded JSON
     * @throws RockyException {@code PIPES_PROTOCOL}: "{@code <variable> cannot be base64-decoded}",
     *     "… zlib-decompressed" or "… JSON-decoded"
     */
    public static JsonNode decode(String raw, String variable) {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, variable + " cannot be base64-decoded; it must be "
                    + "base64(zlib(json)) as dagster_pipes.encode_param writes it");
        }
        byte[] json;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DataFormatException("larger than 16 MiB");
                }
            }
            json = out.toByteArray();
        } catch (DataFormatException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, variable + " cannot be zlib-decompressed; it must be "
                    + "base64(zlib(json)) as dagster_pipes.encode_param writes it");
        } finally {
            inflater.end();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, variable + " cannot be JSON-decoded");
        }
    }

    /**
     * @param value any JSON value
     * @return {@code base64(zlib(json))}, what {@code dagster_pipes.encode_param} writes
     */
    public static String encode(JsonNode value) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /**
     * Joins an asset key's parts into Dagster's escaped user string (the wire form of
     * {@code asset_key}): parts separated by {@code /}, a {@code /} or {@code \} inside a part
     * escaped with {@code \}.
     *
     * @param path the key's parts
     * @return e.g. {@code duckdb/orders/orders}
     */
    public static String assetKeyString(java.util.List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            for (char c : path.get(i).toCharArray()) {
                if (c == '/' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Splits Dagster's escaped user string into parts, as {@code dagster_pipes.to_asset_key_path}:
     * unescaped {@code /} separates, {@code \X} is {@code X}.
     *
     * @param key the wire form
     * @return the parts
     */
    public static java.util.List<String> assetKeyPath(String key) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean escape = false;
        for (char c : key.toCharArray()) {
            if (escape) {
                current.append(c);
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '/') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }
}
