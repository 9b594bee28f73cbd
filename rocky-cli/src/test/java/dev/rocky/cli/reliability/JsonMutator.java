package dev.rocky.cli.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of a JSON document, for fuzzing what reads rocky's output and the state file.
 * The same seed and input give the same bytes, so a failed case is reproduced from its seed.
 */
final class JsonMutator {

    /** The kinds of damage, each one a way real output or a real file goes wrong. */
    enum Kind {
        TRUNCATED, WRONG_TYPE, HUGE_NUMBER, DEEP_NESTING, INVALID_UTF8, DUPLICATE_KEY, DROPPED_FIELD, FLIPPED_BYTES,
        JUNK_AROUND
    }

    /** One mutated document: which kind, the seed it came from and its bytes. */
    record Mutant(Kind kind, long seed, byte[] bytes) {
        String describe(String seedName) {
            return kind + " of " + seedName + " (seed " + seed + ", " + bytes.length + " bytes)";
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Kind[] KINDS = Kind.values();

    private JsonMutator() {
    }

    /**
     * @param original a JSON document
     * @param seed the case's seed
     * @return the document damaged in one way chosen by the seed
     */
    static Mutant mutate(byte[] original, long seed) {
        Random random = new Random(seed);
        Kind kind = KINDS[random.nextInt(KINDS.length)];
        return new Mutant(kind, seed, apply(kind, original, random));
    }

    private static byte[] apply(Kind kind, byte[] original, Random random) {
        switch (kind) {
            case TRUNCATED:
                return java.util.Arrays.copyOf(original, random.nextInt(Math.max(1, original.length)));
            case WRONG_TYPE:
                return replaceNode(original, random, wrongType(random));
            case HUGE_NUMBER:
                return replaceNode(original, random, hugeNumber(random));
            case DEEP_NESTING:
                return replaceText(original, random, deepNesting(random));
            case INVALID_UTF8:
                return insertInString(original, random, invalidUtf8(random));
            case DUPLICATE_KEY:
                return duplicateKey(original, random);
            case DROPPED_FIELD:
                return dropField(original, random);
            case FLIPPED_BYTES:
                return flipBytes(original, random);
            case JUNK_AROUND:
                return junkAround(original, random);
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    /** A place in the tree a value can be put: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }
    }

    private static JsonNode tree(byte[] original) {
        try {
            return MAPPER.readTree(original);
        } catch (IOException e) {
            throw new UncheckedIOException("a seed document is not JSON", e);
        }
    }

    private static byte[] write(JsonNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                slots.add(new Slot(node, f.getKey(), -1));
                collect(f.getValue(), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots);
            }
        }
    }

    private static byte[] replaceNode(byte[] original, Random random, JsonNode replacement) {
        JsonNode root = tree(original);
        List<Slot> slots = slots(root);
        if (slots.isEmpty()) {
            return write(replacement);
        }
        slots.get(random.nextInt(slots.size())).set(replacement);
        return write(root);
    }

    /** Puts raw text where a random value was. */
    private static byte[] replaceText(byte[] original, Random random, String raw) {
        JsonNode root = tree(original);
        List<Slot> slots = slots(root);
        String marker = "\"@@mutation-" + random.nextLong() + "@@\"";
        if (slots.isEmpty()) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        slots.get(random.nextInt(slots.size())).set(NODES.textNode(marker.substring(1, marker.length() - 1)));
        String text = new String(write(root), StandardCharsets.UTF_8);
        return text.replace(marker, raw).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode wrongType(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextInt());
            case 3:
                return NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4:
                return NODES.textNode(random.nextBoolean() ? "" : "not-" + random.nextInt(1000));
            case 5:
                return NODES.objectNode();
            case 6:
                return NODES.arrayNode().add(NODES.textNode("x")).add(NODES.numberNode(1));
            default:
                return NODES.textNode("2026-13-45T99:99:99Z");
        }
    }

    private static JsonNode hugeNumber(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return NODES.numberNode(new BigInteger("9".repeat(20 + random.nextInt(400))));
            case 1:
                return NODES.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
            case 2:
                return NODES.numberNode(new BigDecimal("1e" + (300 + random.nextInt(100_000))));
            case 3:
                return NODES.numberNode(new BigDecimal("-1e-" + (300 + random.nextInt(100_000))));
            case 4:
                return NODES.numberNode(Long.MIN_VALUE);
            default:
                return NODES.numberNode(-1);
        }
    }

    private static String deepNesting(Random random) {
        int depth = new int[] {64, 999, 1_001, 5_000, 100_000}[random.nextInt(5)];
        boolean arrays = random.nextBoolean();
        StringBuilder s = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            s.append(arrays ? "[" : "{\"a\":");
        }
        s.append("1");
        for (int i = 0; i < depth; i++) {
            s.append(arrays ? "]" : "}");
        }
        return s.toString();
    }

    private static byte[] invalidUtf8(Random random) {
        byte[][] bad = {
            {(byte) 0xC3, (byte) 0x28}, // a two-byte lead followed by ASCII
            {(byte) 0xFF}, // never valid
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
            {(byte) 0x80}, // a lone continuation byte
            {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
            {(byte) 0xE2, (byte) 0x82} // cut short
        };
        return bad[random.nextInt(bad.length)];
    }

    /** Inserts bytes just after the opening quote of a random string in the text. */
    private static byte[] insertInString(byte[] original, Random random, byte[] insert) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '"') {
                quotes.add(i);
            }
        }
        int at = quotes.isEmpty() ? random.nextInt(original.length + 1) : quotes.get(random.nextInt(quotes.size())) + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + insert.length);
        out.write(original, 0, at);
        out.write(insert, 0, insert.length);
        out.write(original, at, original.length - at);
        return out.toByteArray();
    }

    /** Repeats a random object's first field, with another value, at the end of that object. */
    private static byte[] duplicateKey(byte[] original, Random random) {
        JsonNode root = tree(original);
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        objects.removeIf(o -> o.size() == 0);
        if (objects.isEmpty()) {
            return original;
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        String marker = "@@dup-" + random.nextLong() + "@@";
        String key = target.fieldNames().next();
        target.put(marker, 0);
        String duplicate = MAPPER.valueToTree(key).toString() + ":" + wrongType(random);
        String text = new String(write(root), StandardCharsets.UTF_8);
        return text.replace("\"" + marker + "\":0", duplicate).getBytes(StandardCharsets.UTF_8);
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node.isObject()) {
            objects.add((ObjectNode) node);
        }
        for (JsonNode child : node) {
            collectObjects(child, objects);
        }
    }

    private static byte[] dropField(byte[] original, Random random) {
        JsonNode root = tree(original);
        List<Slot> fields = new ArrayList<>(slots(root));
        fields.removeIf(s -> s.field() == null);
        if (fields.isEmpty()) {
            return original;
        }
        Slot victim = fields.get(random.nextInt(fields.size()));
        ((ObjectNode) victim.parent()).remove(victim.field());
        return write(root);
    }

    private static byte[] flipBytes(byte[] original, Random random) {
        byte[] copy = original.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] junkAround(byte[] original, Random random) {
        String[] before = {"", "\uFEFF", "warning: deprecated flag\n", "   \n"};
        String[] after = {"", "\n{}", "garbage", "\n\u0000", "]"};
        byte[] head = before[random.nextInt(before.length)].getBytes(StandardCharsets.UTF_8);
        byte[] tail = after[random.nextInt(after.length)].getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head, 0, head.length);
        out.write(original, 0, original.length);
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }
}
