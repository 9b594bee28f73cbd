package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;

/**
 * A parser that refuses a key repeated in one JSON object, as Jackson's
 * {@code STRICT_DUPLICATE_DETECTION} does (the same {@code JsonParseException}, "Duplicate field
 * 'name'"; its location is the repeated key's opening quote, where Jackson's is wherever its
 * parser had got to), without that check's garbage: Jackson's keeps a new
 * {@code HashSet} for every object of three or more keys, a quarter of what reading a
 * {@code rocky run} with check results allocated. Here each nesting depth keeps one array of the
 * keys seen so far, reused by every object opened at that depth; an object of more than
 * {@value #LINEAR} keys moves to a hash set (also reused), so a map keyed by model stays linear.
 *
 * <p>Every token goes through {@link #nextToken()}: {@link #nextValue()} and {@link #skipChildren()}
 * are done here rather than by the wrapped parser, so a skipped (unmapped) field's content is
 * checked as well, as Jackson's check does. The wrapped parser must have its own check off.
 *
 * <p>Not thread-safe, like any parser.
 */
final class RepeatedKeyCheck extends JsonParserDelegate {

    /** Keys of one object compared one by one up to this many; a hash set beyond. */
    static final int LINEAR = 16;

    private String[][] keys = new String[8][];
    private int[] counts = new int[8];
    private HashSet<String>[] sets = newSets(8);

    /** Keys taken as already seen in the root object (empty: none). */
    private final java.util.Collection<String> rootKeysSeen;

    /**
     * @param parser a parser before its first token, with {@code STRICT_DUPLICATE_DETECTION} off
     */
    RepeatedKeyCheck(JsonParser parser) {
        this(parser, java.util.List.of());
    }

    /**
     * @param parser a parser before its first token, with {@code STRICT_DUPLICATE_DETECTION} off
     * @param rootKeysSeen keys the root object is read as if it had already held, so that holding
     *     one is refused as a repeat (the keys of a part of the document read elsewhere)
     */
    RepeatedKeyCheck(JsonParser parser, java.util.Collection<String> rootKeysSeen) {
        super(parser);
        this.rootKeysSeen = rootKeysSeen;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken t = delegate.nextToken();
        if (t == JsonToken.FIELD_NAME) {
            see(delegate.getParsingContext().getNestingDepth(), delegate.currentName());
        } else if (t == JsonToken.START_OBJECT) {
            int depth = delegate.getParsingContext().getNestingDepth();
            open(depth);
            if (depth == 1 && !rootKeysSeen.isEmpty()) {
                for (String key : rootKeysSeen) {
                    see(1, key);
                }
            }
        }
        return t;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken current = delegate.currentToken();
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken t = nextToken();
            if (t == null) {
                return this; // the document broke off: the next read reports it
            }
            if (t.isStructStart()) {
                open++;
            } else if (t.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    private void open(int depth) {
        if (depth >= counts.length) {
            int size = Math.max(depth + 1, counts.length * 2);
            keys = Arrays.copyOf(keys, size);
            counts = Arrays.copyOf(counts, size);
            sets = Arrays.copyOf(sets, size);
        }
        if (counts[depth] > LINEAR) {
            sets[depth].clear();
        }
        counts[depth] = 0;
    }

    private void see(int depth, String key) throws JsonParseException {
        int n = counts[depth];
        if (n < LINEAR) {
            String[] seen = keys[depth];
            if (seen == null) {
                seen = keys[depth] = new String[LINEAR];
            }
            for (int i = 0; i < n; i++) {
                String s = seen[i];
                if (s == key || s.equals(key)) { // the parser hands out one instance per key, mostly
                    throw repeated(key);
                }
            }
            seen[n] = key;
        } else {
            HashSet<String> set = sets[depth];
            if (set == null) {
                set = sets[depth] = new HashSet<>();
            }
            if (n == LINEAR) {
                set.addAll(Arrays.asList(keys[depth]));
            }
            if (!set.add(key)) {
                throw repeated(key);
            }
        }
        counts[depth] = n + 1;
    }

    private JsonParseException repeated(String key) {
        return new JsonParseException(this, "Duplicate field '" + key + "'", delegate.currentTokenLocation());
    }

    @SuppressWarnings("unchecked")
    private static HashSet<String>[] newSets(int size) {
        return (HashSet<String>[]) new HashSet<?>[size];
    }
}
