package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.SourceView;
import dev.rocky.translator.spi.TableView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-source memo of {@link ValidatingTranslator}: for a plugin that keeps
 * {@link RockyTranslator}'s asset key, tags, metadata and deps, the answers for every table equal those
 * of the same defaults called table by table (a plugin whose overrides only call them, so nothing
 * is memoised), errors included, over seeded sources: odd names, lists, row counts on some tables,
 * adapter metadata that repeats the default keys, and calls that go back to an earlier source.
 */
class SourceMemoTest {

    /** The defaults, called through overrides: the validator cannot tell them from a plugin's own. */
    private static final RockyTranslator CALLED_EACH_TIME = new RockyTranslator() {
        @Override
        public List<String> assetKey(SourceView source, TableView table) {
            return RockyTranslator.super.assetKey(source, table);
        }

        @Override
        public Map<String, String> tags(SourceView source, TableView table) {
            return RockyTranslator.super.tags(source, table);
        }

        @Override
        public Map<String, Object> metadata(SourceView source, TableView table) {
            return RockyTranslator.super.metadata(source, table);
        }

        @Override
        public List<List<String>> assetDeps(SourceView source, TableView table) {
            return RockyTranslator.super.assetDeps(source, table);
        }
    };

    static Stream<Long> seeds() {
        return IntStream.range(0, 50).mapToObj(i -> 0x3E30L * 13 + i);
    }

    private static String name(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "Order Items " + random.nextInt(3);
            case 1 -> "café";
            case 2 -> "";
            case 3 -> "t".repeat(250 + random.nextInt(10));
            default -> "t" + random.nextInt(40);
        };
    }

    private static Source source(Random random, int n) {
        Map<String, ComponentValue> components = new LinkedHashMap<>();
        components.put("tenant", new ComponentValue.Single(random.nextInt(6) == 0 ? "1.5 x" : "acme" + n));
        if (random.nextBoolean()) {
            components.put("regions", new ComponentValue.Multi(List.of("us_west", "eu")));
        }
        List<Table> tables = new ArrayList<>();
        for (int i = random.nextInt(12); i > 0; i--) {
            tables.add(new Table(name(random), random.nextBoolean() ? OptionalLong.of(random.nextInt(1000)) : OptionalLong.empty()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            metadata.put(switch (random.nextInt(6)) {
                case 0 -> "row_count";
                case 1 -> "source_id";
                case 2 -> random.nextInt(10) == 0 ? "" : "fivetran.service";
                default -> "k" + random.nextInt(5);
            }, "v" + random.nextInt(3));
        }
        return new Source("src" + n, components, random.nextInt(5) == 0 ? "duck db" : "duckdb",
                random.nextBoolean() ? Optional.of("2026-01-0" + (1 + random.nextInt(9)) + "T00:00:00Z") : Optional.empty(), tables,
                metadata);
    }

    /** @return the answer, or the error's class and message */
    private static Object answer(Function<Table, Object> call, Table table) {
        try {
            return call.apply(table);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theMemoAnswersAsTheDefaultsCalledForEachTable(long seed) {
        Random random = new Random(seed);
        AssetTranslator memo = new ValidatingTranslator(DefaultRockyTranslator.INSTANCE, "the default translator");
        AssetTranslator each = new ValidatingTranslator(CALLED_EACH_TIME, "the default translator");
        List<Source> sources = new ArrayList<>();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            sources.add(source(random, sources.size()));
        }
        for (int visit = 0; visit < sources.size() * 2; visit++) {
            Source source = sources.get(visit < sources.size() ? visit : random.nextInt(sources.size()));
            for (Table table : source.tables()) {
                assertThat(answer(t -> memo.assetKey(source, t), table)).isEqualTo(answer(t -> each.assetKey(source, t), table));
                assertThat(answer(t -> memo.assetDeps(source, t), table)).isEqualTo(answer(t -> each.assetDeps(source, t), table));
                Object tags = answer(t -> memo.tags(source, t), table);
                assertThat(tags).isEqualTo(answer(t -> each.tags(source, t), table));
                Object metadata = answer(t -> memo.metadata(source, t), table);
                Object expected = answer(t -> each.metadata(source, t), table);
                assertThat(metadata).isEqualTo(expected);
                if (metadata instanceof Map<?, ?> m) {
                    assertThat(new ArrayList<>(m.keySet())).as("metadata order").isEqualTo(new ArrayList<>(((Map<?, ?>) expected).keySet()));
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anInvalidSourceFailsTheSameWayThroughTheMemo(long seed) {
        Random random = new Random(seed);
        AssetTranslator memo = new ValidatingTranslator(DefaultRockyTranslator.INSTANCE, "the default translator");
        Source bad = new Source("bad", Map.of(), "duckdb", Optional.empty(), List.of(new Table("t" + random.nextInt(9),
                OptionalLong.of(1))), Map.of("", "v"));
        Throwable e = catchThrowable(() -> memo.metadata(bad, bad.tables().get(0)));
        assertThat(e).hasMessageContaining("returned an invalid metadata for table " + bad.tables().get(0).name() + " of source bad")
                .hasMessageContaining("metadata needs a non-empty key");
        assertThat(catchThrowable(() -> memo.metadata(bad, bad.tables().get(0)))).as("not memoised").hasMessage(e.getMessage());
    }
}
