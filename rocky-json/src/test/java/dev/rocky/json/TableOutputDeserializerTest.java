package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TableOutputDeserializer} against Jackson's own binding of the same record shape (a twin
 * without the custom deserializer, under the same mapper): over seeded tables lists with every kind
 * of value in {@code name} and {@code row_count}, missing and extra fields, both accept the same
 * documents with the same values and refuse the same ones.
 */
class TableOutputDeserializerTest {

    /** The record's shape as Jackson binds it by default. */
    record PlainTable(@Required String name, Long rowCount) {
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 200).mapToObj(i -> 0x7AB1EL * 7 + i);
    }

    private static String value(Random random, boolean forName) {
        return switch (random.nextInt(forName ? 9 : 11)) {
            case 0 -> "null";
            case 1 -> "42";
            case 2 -> "true";
            case 3 -> "[\"a\"]";
            case 4 -> "{\"x\": 1}";
            case 5 -> "4.5";
            case 6 -> "\"5\"";
            case 7, 8 -> "\"t" + random.nextInt(100) + "\"";
            case 9 -> random.nextBoolean() ? "-7" : "18446744073709551615";
            default -> "9223372036854775807";
        };
    }

    private static String table(Random random) {
        List<String> fields = new ArrayList<>();
        if (random.nextInt(8) != 0) {
            fields.add("\"name\": " + (random.nextInt(3) == 0 ? value(random, true) : "\"t" + random.nextInt(100) + "\""));
        }
        if (random.nextBoolean()) {
            fields.add("\"row_count\": " + (random.nextInt(3) == 0 ? value(random, false) : String.valueOf(random.nextInt(1000))));
        }
        if (random.nextInt(3) == 0) {
            fields.add("\"extra\": " + value(random, false));
        }
        java.util.Collections.shuffle(fields, random);
        return random.nextInt(30) == 0 ? value(random, false) : "{" + String.join(", ", fields) + "}";
    }

    /** @return the tables read, or "refused" */
    private static Object read(String json, Class<?> element) {
        try {
            var type = RockyJson.mapper().getTypeFactory().constructCollectionType(List.class, element);
            List<?> tables = RockyJson.mapper().readValue(json, type);
            List<String> out = new ArrayList<>();
            for (Object t : tables) {
                out.add(t instanceof DiscoverOutput.TableOutput d ? d.name() + "/" + d.rowCount()
                        : ((PlainTable) t).name() + "/" + ((PlainTable) t).rowCount());
            }
            return out;
        } catch (JacksonException e) {
            return "refused";
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void acceptsAndRefusesWhatJacksonsBindingDoes(long seed) {
        Random random = new Random(seed);
        List<String> tables = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tables.add(table(random));
        }
        String json = "[" + String.join(", ", tables) + "]";

        assertThat(read(json, DiscoverOutput.TableOutput.class)).as(json).isEqualTo(read(json, PlainTable.class));
    }

    @Test
    void aMismatchNamesTheFieldsPath() {
        String json = "{\"version\": \"1\", \"command\": \"discover\", \"sources\": [{\"id\": \"s\", \"components\": {}, "
                + "\"source_type\": \"duckdb\", \"tables\": [{\"name\": \"a\"}, {\"name\": \"b\", \"row_count\": \"7\"}]}]}";
        try {
            RockyJson.mapper().readValue(json, DiscoverOutput.class);
            throw new AssertionError("accepted a string row_count");
        } catch (MismatchedInputException e) {
            assertThat(RockyJson.jsonPath(e)).isEqualTo("$.sources[0].tables[1].row_count");
            assertThat(e.getOriginalMessage()).contains("`row_count` must be a whole number or null, not a string");
        } catch (JacksonException e) {
            throw new AssertionError(e);
        }
    }
}
