package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RepeatedKeyCheck} against Jackson's own {@code STRICT_DUPLICATE_DETECTION}, on seeded
 * random documents: nested objects and arrays, keys from a small alphabet so that repeats happen at
 * every depth, objects of up to 40 keys (past the linear scan's {@value RepeatedKeyCheck#LINEAR}),
 * and sibling objects at one depth that reuse its keys. Both must refuse the same documents, with
 * the same message, and agree on every token before that (the check's location is the repeated
 * key, which the test finds there); half the runs skip
 * some objects and arrays with {@code skipChildren}, which must check them just the same.
 */
class RepeatedKeyCheckTest {

    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory PLAIN = new JsonFactory();

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void refusesExactlyWhatJacksonsCheckRefusesAtTheSamePlace(long seed) throws IOException {
        Random random = new Random(seed);
        boolean repeats = random.nextInt(3) == 0;
        StringBuilder doc = new StringBuilder();
        value(random, doc, 0, repeats);
        byte[] json = doc.toString().getBytes(StandardCharsets.UTF_8);
        long skipSeed = seed % 2 == 0 ? -1 : seed;

        Outcome jackson = tokens(STRICT.createParser(json), skipSeed);
        JsonParser plain = PLAIN.createParser(json);
        Outcome ours = tokens(new RepeatedKeyCheck(plain), skipSeed);

        assertThat(ours.tokens).as(doc.toString()).isEqualTo(jackson.tokens);
        assertThat(ours.error).as(doc.toString()).isEqualTo(jackson.error);
        if (ours.error != null) {
            String key = ours.error.substring("Duplicate field '".length(), ours.error.length() - 1);
            assertThat(doc.substring((int) ours.at)).as(doc.toString()).startsWith("\"" + key + "\":");
        }
    }

    @Test
    void theGeneratorMakesDocumentsBothWaysAndObjectsPastTheLinearScan() throws IOException {
        int refused = 0;
        int big = 0;
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            boolean repeats = random.nextInt(3) == 0;
            StringBuilder doc = new StringBuilder();
            value(random, doc, 0, repeats);
            Outcome o = tokens(STRICT.createParser(doc.toString().getBytes(StandardCharsets.UTF_8)), -1);
            refused += o.error == null ? 0 : 1;
            big += doc.toString().contains("\"k39\"") || doc.toString().contains("\"k20\"") ? 1 : 0;
        }
        assertThat(refused).isBetween(30, 270);
        assertThat(big).isGreaterThan(30);
    }

    @Test
    void aRepeatedKeyIsRefusedInTheWordsAndPlaceOfJacksonsCheck() throws IOException {
        byte[] json = "{\"a\":1,\"b\":{\"c\":2,\"c\":3}}".getBytes(StandardCharsets.UTF_8);
        JsonParser strict = STRICT.createParser(json);
        JsonParseException jacksons = org.junit.jupiter.api.Assertions.assertThrows(JsonParseException.class, () -> {
            while (strict.nextToken() != null) {
                // read on
            }
        });
        JsonParser p = new RepeatedKeyCheck(PLAIN.createParser(json));
        assertThatThrownBy(() -> {
            while (p.nextToken() != null) {
                // read on
            }
        }).isInstanceOfSatisfying(JsonParseException.class, e -> {
            assertThat(e.getOriginalMessage()).isEqualTo("Duplicate field 'c'").isEqualTo(jacksons.getOriginalMessage());
            assertThat(e.getLocation().getColumnNr()).as("the repeated key's opening quote").isEqualTo(19);
            assertThat(RockyJson.jsonPath(e)).isEqualTo("$.b.c").isEqualTo(RockyJson.jsonPath(jacksons));
        });
    }

    @Test
    void nextValueAndSkipChildrenGoThroughTheCheckAndADocumentThatBreaksOffIsStillAnError() throws IOException {
        byte[] json = "{\"a\":{\"b\":1,\"b\":2}}".getBytes(StandardCharsets.UTF_8);
        JsonParser values = new RepeatedKeyCheck(PLAIN.createParser(json));
        assertThatThrownBy(() -> {
            while (values.nextValue() != null) {
                // read on, values only
            }
        }).isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'b'");

        JsonParser skipping = new RepeatedKeyCheck(PLAIN.createParser(json));
        assertThat(skipping.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        assertThatThrownBy(skipping::skipChildren).isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'b'");

        JsonParser broken = new RepeatedKeyCheck(PLAIN.createParser("{\"a\":{\"b\":[1,".getBytes(StandardCharsets.UTF_8)));
        assertThat(broken.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        assertThatThrownBy(broken::skipChildren).as("as Jackson's own skipChildren: the end of input is an error")
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .hasMessageContaining("end-of-input");
    }

    @Test
    void aDocumentBoundThroughRockyJsonReadIsCheckedAndOtherwiseBoundAsTheMapperBindsIt() throws IOException {
        String ok = "{\"version\":\"1\",\"command\":\"load\",\"files\":[],\"extra\":{\"x\":[1,{\"y\":2}]}}";
        String repeated = "{\"version\":\"1\",\"command\":\"load\",\"files\":[],\"extra\":{\"x\":[1,{\"y\":2,\"y\":2}]}}";
        assertThatThrownBy(() -> RockyJson.mapper().readValue(repeated, java.util.Map.class))
                .hasMessageContaining("Duplicate field 'y'");
        assertThatThrownBy(() -> RockyJson.read(repeated.getBytes(StandardCharsets.UTF_8), java.util.Map.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'y'");
        assertThat(RockyJson.read(ok.getBytes(StandardCharsets.UTF_8), java.util.Map.class))
                .isEqualTo(RockyJson.mapper().readValue(ok, java.util.Map.class));
        assertThatThrownBy(() -> RockyJson.read((ok + " {}").getBytes(StandardCharsets.UTF_8), java.util.Map.class))
                .as("anything after the document").hasMessageContaining("Trailing token");
    }

    private record Outcome(List<String> tokens, String error, long at) {
    }

    /** Reads every token; with a seed, skips about a third of the objects and arrays it opens. */
    private static Outcome tokens(JsonParser p, long skipSeed) throws IOException {
        Random skip = skipSeed < 0 ? null : new Random(skipSeed);
        List<String> seen = new ArrayList<>();
        try (p) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                seen.add(t + (t == JsonToken.FIELD_NAME || t.isScalarValue() ? ":" + p.getText() : ""));
                if (skip != null && t.isStructStart() && skip.nextInt(3) == 0) {
                    p.skipChildren();
                    seen.add("skipped to " + p.currentToken());
                }
            }
            return new Outcome(seen, null, -1);
        } catch (JsonParseException e) {
            return new Outcome(seen, e.getOriginalMessage(), e.getLocation().getByteOffset());
        }
    }

    private static void value(Random r, StringBuilder out, int depth, boolean repeats) {
        int kind = depth > 4 ? 2 : r.nextInt(depth == 0 ? 2 : 3);
        if (kind == 0) {
            int n = r.nextInt(8) == 0 ? 17 + r.nextInt(24) : r.nextInt(6);
            out.append('{');
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(i);
            }
            java.util.Collections.shuffle(keys, r);
            if (repeats && n > 1 && r.nextInt(6) == 0) {
                keys.set(r.nextInt(n), keys.get(r.nextInt(n))); // a key again, perhaps the same slot
            }
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append("\"k").append(keys.get(i)).append("\":");
                value(r, out, depth + 1, repeats);
            }
            out.append('}');
        } else if (kind == 1) {
            int n = r.nextInt(5);
            out.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(r, out, depth + 1, repeats);
            }
            out.append(']');
        } else {
            out.append(r.nextBoolean() ? Integer.toString(r.nextInt(100)) : "\"v" + r.nextInt(5) + "\"");
        }
    }
}
