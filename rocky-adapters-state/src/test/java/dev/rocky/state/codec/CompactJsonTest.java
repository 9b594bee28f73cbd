package dev.rocky.state.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CompactJson} on generated JSON texts: each is a list of tokens written twice, once with
 * random whitespace between the tokens (rocky's indentation, and more) and once with none. The copy
 * of the first is the second, byte for byte, whatever the strings hold (escaped quotes and
 * backslashes, runs of backslashes before a quote, whitespace, non-ASCII text); it parses to the
 * same tree, copying it again changes nothing, and it reaches the target in blocks.
 */
class CompactJsonTest {

    static Stream<Long> seeds() {
        return LongStream.range(0, 300).mapToObj(i -> 0xC0FFEEL * 7 + i);
    }

    /** String contents, as JSON source text (escapes written out), that a naive copier would get wrong. */
    private static final List<String> STRINGS = List.of("", "plain", "two words", " leading and trailing ", "tab\\tand\\nnew line",
            "quote \\\" inside", "\\\\", "ends with a backslash \\\\", "\\\\\\\"", "\\\"\\\\\\\"", "} ] , : {",
            "caf\u00e9 \u6570\u636e \ud83d\ude80", "\\u0020\\u00e9\\ud83d\\ude80", "/slash\\/", "   ");

    private static final List<String> SCALARS = List.of("0", "-0", "42", "-17", "3.25", "2.28e-05", "1E+300", "-0.0", "true", "false",
            "null");

    /** Reads a repeated key as Python's {@code json} does (the last value), which the state's parser does too. */
    private static final com.fasterxml.jackson.databind.ObjectMapper TREES = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final List<String> WHITESPACE = List.of(" ", "  ", "\n", "\r\n", "\t", "\n    ", " \t \r\n ");

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theCopyIsTheTextWithoutWhitespaceBetweenTokens(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> tokens = new ArrayList<>();
        value(random, tokens, 0, seed % 10 == 0 ? 4000 : 40);
        StringBuilder spaced = new StringBuilder();
        StringBuilder bare = new StringBuilder();
        for (String token : tokens) {
            spaced.append(random.nextInt(3) == 0 ? "" : WHITESPACE.get(random.nextInt(WHITESPACE.size()))).append(token);
            bare.append(token);
        }
        spaced.append(random.nextBoolean() ? "\n" : "");
        byte[] input = spaced.toString().getBytes(StandardCharsets.UTF_8);

        Blocks out = new Blocks();
        CompactJson.copy(input, 0, input.length, out);

        String expected = bare.toString();
        assertThat(out.text()).isEqualTo(expected);
        assertThat(out.largestWrite).isLessThanOrEqualTo(64 * 1024);
        JsonNode tree = TREES.readTree(input);
        assertThat(TREES.readTree(out.bytes.toByteArray())).isEqualTo(tree);
        Blocks again = new Blocks();
        CompactJson.copy(out.bytes.toByteArray(), 0, out.bytes.size(), again);
        assertThat(again.text()).isEqualTo(expected);
    }

    /** Only the bytes between {@code from} and {@code to} are read. */
    @Test
    void aRangeOfTheBufferIsCopied() throws Exception {
        byte[] input = "xx{ \"a\" : [ 1 , \"b c\" ] }yy".getBytes(StandardCharsets.UTF_8);
        Blocks out = new Blocks();
        CompactJson.copy(input, 2, input.length - 2, out);
        assertThat(out.text()).isEqualTo("{\"a\":[1,\"b c\"]}");
        Blocks none = new Blocks();
        CompactJson.copy(input, 3, 3, none);
        assertThat(none.bytes.size()).isZero();
    }

    /** A value of up to {@code budget} tokens, nested at most five deep. */
    private static void value(Random random, List<String> tokens, int depth, int budget) {
        int kind = depth >= 5 || budget < 4 ? random.nextInt(2) : random.nextInt(4);
        switch (kind) {
            case 0 -> tokens.add(SCALARS.get(random.nextInt(SCALARS.size())));
            case 1 -> tokens.add(string(random));
            case 2 -> {
                tokens.add("[");
                int n = random.nextInt(1 + Math.min(8, budget / 4));
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        tokens.add(",");
                    }
                    value(random, tokens, depth + 1, budget / Math.max(1, n));
                }
                tokens.add("]");
            }
            default -> {
                tokens.add("{");
                int n = random.nextInt(1 + Math.min(8, budget / 4));
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        tokens.add(",");
                    }
                    tokens.add(string(random));
                    tokens.add(":");
                    value(random, tokens, depth + 1, budget / Math.max(1, n));
                }
                tokens.add("}");
            }
        }
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder("\"");
        int parts = 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            s.append(STRINGS.get(random.nextInt(STRINGS.size())));
        }
        return s.append('"').toString();
    }

    /** A target that records its writes. */
    private static final class Blocks extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int largestWrite;

        @Override
        public void write(int b) {
            bytes.write(b);
            largestWrite = Math.max(largestWrite, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes.write(b, off, len);
            largestWrite = Math.max(largestWrite, len);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
