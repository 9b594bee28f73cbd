package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.orchestration.AutomationCondition;
import dev.rocky.core.orchestration.ExecutableUnit;
import dev.rocky.core.orchestration.Orchestration;
import dev.rocky.core.orchestration.ScheduleSpec;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.spec.Maps;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.core.spec.TimeGrain;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DefinitionsJsonWriter} copies the encoded fields an asset shares with the one before it,
 * and the encoded segments a key shares with the key before it. On generated graphs whose
 * neighbouring assets differ in one field or none (keys of other lengths and prefixes, a map reordered, a
 * check's description, a run target's written or unwritten part, text that needs escaping or lies
 * outside the Basic Multilingual Plane), the document is byte for byte the one written field by
 * field, the same text through bytes and through characters, and valid in its published format.
 */
class DefinitionsJsonWriterTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 80).mapToObj(i -> 0xDEF5L * 131 + i);
    }

    private static final List<String> TEXTS = List.of("plain", "quote \" and back\\slash", "tab\tnew\nline", "caf\u00e9",
            "\u6570\u636e", "emoji \ud83d\ude80", "control \u0001", "</script>", "");

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void copiedTailsWriteTheSameDocumentAsFieldByField(long seed) throws Exception {
        Random random = new Random(seed);
        Generated g = generate(random, 1 + random.nextInt(60));

        byte[] copied = bytes(new DefinitionsJsonWriter(), g);
        byte[] fieldByField = bytes(new DefinitionsJsonWriter(false), g);

        assertThat(new String(copied, StandardCharsets.UTF_8)).isEqualTo(new String(fieldByField, StandardCharsets.UTF_8));
        StringWriter chars = new StringWriter();
        new DefinitionsJsonWriter().write(g.defs, g.orchestration, chars);
        assertThat(chars.toString()).as("characters and bytes give one text").isEqualTo(new String(fieldByField, StandardCharsets.UTF_8));
        JsonNode doc = PublishedFormats.JSON.readTree(copied);
        assertThat(PublishedFormats.errors(PublishedFormat.DEFS, doc)).isEmpty();
        assertThat(doc.path("assets").size()).isEqualTo(g.defs.assets().size());
    }

    /** Two assets alike but for their tags' order: Map.equals calls them equal; the document keeps each order. */
    @Test
    void anAssetWhoseMapsAreReorderedIsNotWrittenFromTheOneBefore() throws Exception {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        AssetSpec first = spec(AssetKey.of("s", "t1"), ab, Map.of());
        AssetSpec second = spec(AssetKey.of("s", "t2"), ba, Map.of());
        assertThat(first.tags()).isEqualTo(second.tags());
        Definitions defs = new Definitions(List.of(first, second));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DefinitionsJsonWriter().write(defs, Orchestration.NONE, out);
        JsonNode assets = PublishedFormats.JSON.readTree(out.toByteArray()).path("assets");

        List<String> firstOrder = new ArrayList<>();
        assets.get(0).path("tags").fieldNames().forEachRemaining(firstOrder::add);
        List<String> secondOrder = new ArrayList<>();
        assets.get(1).path("tags").fieldNames().forEachRemaining(secondOrder::add);
        assertThat(firstOrder).containsExactly("a", "b");
        assertThat(secondOrder).containsExactly("b", "a");
    }

    /** Assets that share all but their key: each keeps its own key, and the shared fields are the same text. */
    @Test
    void aRunOfLikeAssetsKeepsEachKey() throws Exception {
        List<AssetSpec> assets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assets.add(spec(AssetKey.of("duckdb", "src", "t" + i), Map.of("rocky/source", "src"), Map.of("source_id",
                    MetadataValue.text("raw__src"))));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DefinitionsJsonWriter().write(new Definitions(assets), Orchestration.NONE, out);
        JsonNode written = PublishedFormats.JSON.readTree(out.toByteArray()).path("assets");

        for (int i = 0; i < 5; i++) {
            assertThat(written.get(i).path("key").toString()).isEqualTo("[\"duckdb\",\"src\",\"t" + i + "\"]");
            assertThat(written.get(i).path("metadata").path("source_id").asText()).isEqualTo("raw__src");
            assertThat(written.get(i).path("checks").size()).isEqualTo(2);
        }
    }

    private static AssetSpec spec(AssetKey key, Map<String, String> tags, Map<String, MetadataValue> metadata) {
        return new AssetSpec(key, "g", List.of(), List.of("rocky"), tags, metadata,
                AssetCheckSpec.onAsset(key, List.of("row_count", "freshness"), List.of("rows", "fresh")), Optional.empty(),
                Optional.empty());
    }

    private static byte[] bytes(DefinitionsJsonWriter writer, Generated g) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(g.defs, g.orchestration, out);
        return out.toByteArray();
    }

    private record Generated(Definitions defs, Orchestration orchestration) {
    }

    /** The fields of one asset, mutable, so the next asset can copy them and change one. */
    private static final class Draft {
        String group = "g";
        List<AssetKey> deps = List.of();
        List<String> kinds = List.of("rocky", "duckdb");
        Map<String, String> tags = Map.of("rocky/source", "s");
        Map<String, MetadataValue> metadata = Map.of("source_id", MetadataValue.text("raw__s"));
        List<String> checkNames = List.of("row_count", "column_match");
        List<String> checkDescriptions = List.of("rows match", "columns match");
        Optional<FreshnessPolicy> freshness = Optional.of(FreshnessPolicy.ofSeconds(86_400));
        Optional<PartitionsDefinition> partitions = Optional.empty();
        Optional<String> description = Optional.empty();
        List<String> owners = List.of();
        Optional<String> codeVersion = Optional.empty();
        Optional<RunTarget> target = Optional.of(new RunTarget.SourceTable("raw__s", Map.of("source", "s"), List.of("s", "t"),
                Optional.empty()));
        AutomationCondition automation;
    }

    private static Generated generate(Random random, int count) {
        Draft d = new Draft();
        List<AssetSpec> assets = new ArrayList<>();
        Map<AssetKey, RunTarget> targets = new HashMap<>();
        Map<AssetKey, AutomationCondition> automation = new HashMap<>();
        for (int i = 0; i < count; i++) {
            AssetKey key = switch (random.nextInt(6)) { // runs of one prefix, keys of other lengths, segments to escape
                case 0 -> AssetKey.of("t" + i);
                case 1 -> AssetKey.of("duckdb", pick(random, TEXTS) + "s", "x", "t" + i);
                default -> AssetKey.of("duckdb", "s" + random.nextInt(2), "t" + i + pick(random, TEXTS));
            };
            if (i > 0 && random.nextInt(3) == 0) {
                mutate(random, d, assets);
            }
            assets.add(new AssetSpec(key, d.group, d.deps, d.kinds, d.tags, d.metadata,
                    AssetCheckSpec.onAsset(key, d.checkNames, d.checkDescriptions), d.freshness, d.partitions, d.description,
                    d.owners, d.codeVersion));
            d.target.ifPresent(t -> targets.put(key, t));
            if (d.automation != null) {
                automation.put(key, d.automation);
            }
        }
        // units and schedules over runs of the assets' keys, in graph order and shuffled
        List<AssetKey> keys = new ArrayList<>(assets.stream().map(AssetSpec::key).toList());
        List<ExecutableUnit> units = new ArrayList<>();
        for (int from = 0; from < keys.size(); ) {
            int to = Math.min(keys.size(), from + 1 + random.nextInt(5));
            units.add(new ExecutableUnit("unit_" + units.size(), "g", keys.subList(from, to), true, Map.of()));
            from = to;
        }
        Collections.shuffle(keys, random);
        List<ScheduleSpec> schedules = List.of(new ScheduleSpec("nightly", "0 0 * * *", "UTC", keys.subList(0, 1 + random.nextInt(keys.size())),
                Map.of("rocky/schedule", "nightly")));
        return new Generated(new Definitions(assets, Optional.empty(), targets), new Orchestration(units, schedules, automation));
    }

    /** Changes one field of the draft (or, at times, one that the document does not show). */
    private static void mutate(Random random, Draft d, List<AssetSpec> before) {
        switch (random.nextInt(17)) {
            case 0 -> d.group = "g" + pick(random, TEXTS);
            case 1 -> d.deps = List.of(before.get(random.nextInt(before.size())).key());
            case 2 -> d.kinds = List.of("rocky", pick(random, TEXTS));
            case 3 -> d.tags = reordered(random, withEntry(d.tags, "rocky/" + random.nextInt(4), pick(random, TEXTS)));
            case 4 -> d.metadata = reordered(random, withEntry(d.metadata, "m" + random.nextInt(4), metadataValue(random, before)));
            case 5 -> d.metadata = reordered(random, d.metadata); // Map.equals to the last, not in order
            case 6 -> {
                List<String> descriptions = new ArrayList<>(d.checkDescriptions);
                descriptions.set(random.nextInt(descriptions.size()), pick(random, TEXTS));
                d.checkDescriptions = descriptions;
            }
            case 7 -> {
                boolean one = random.nextBoolean();
                d.checkNames = one ? List.of("row_count") : List.of("row_count", "freshness");
                d.checkDescriptions = one ? List.of("rows") : List.of("rows", "fresh");
            }
            case 8 -> d.checkNames = d.checkNames.size() == 1 ? List.of("column_match") : List.of("column_match", "freshness");
            case 9 -> d.freshness = random.nextBoolean() ? Optional.empty() : Optional.of(FreshnessPolicy.ofSeconds(1 + random.nextInt(3)));
            case 10 -> d.partitions = switch (random.nextInt(3)) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(new PartitionsDefinition.TimeWindow(TimeGrain.DAY, LocalDate.of(2020, 1, 1 + random.nextInt(3))));
                default -> Optional.of(new PartitionsDefinition.Dynamic("rocky_clients", List.of("acme", pick(random, TEXTS) + "x")));
            };
            case 11 -> {
                d.description = random.nextBoolean() ? Optional.empty() : Optional.of(pick(random, TEXTS));
                d.owners = random.nextBoolean() ? List.of() : List.of("team:" + random.nextInt(3));
                d.codeVersion = random.nextBoolean() ? Optional.empty() : Optional.of("v" + random.nextInt(3));
            }
            // the source table's components and engine key are not written: a change there keeps the tail
            case 12 -> d.target = Optional.of(new RunTarget.SourceTable("raw__s", Map.of("source", "s" + random.nextInt(3)),
                    List.of("s", "t" + random.nextInt(9)), Optional.empty()));
            case 13 -> d.target = Optional.of(new RunTarget.SourceTable("raw__" + pick(random, TEXTS), Map.of("source", "s"),
                    List.of("s", "t"), random.nextBoolean() ? Optional.empty() : Optional.of("p" + random.nextInt(2))));
            case 14 -> d.target = switch (random.nextInt(5)) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(new RunTarget.Model("m" + random.nextInt(3), List.of("c", "s", "m"), Optional.empty()));
                case 2 -> Optional.of(new RunTarget.ReplicationPipeline("p", List.of("raw__a", "raw__b")));
                case 3 -> Optional.of(new RunTarget.LoadPipeline("load" + random.nextInt(2)));
                default -> Optional.of(new RunTarget.Placeholder("seed"));
            };
            case 15 -> d.automation = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> AutomationCondition.eager();
                default -> AutomationCondition.onCron("0 " + random.nextInt(3) + " * * *", "UTC");
            };
            default -> d.metadata = bigMap(random); // above the small form's size
        }
    }

    private static MetadataValue metadataValue(Random random, List<AssetSpec> before) {
        return switch (random.nextInt(6)) {
            case 0 -> MetadataValue.text(pick(random, TEXTS));
            case 1 -> new MetadataValue.IntValue(random.nextInt(3));
            case 2 -> new MetadataValue.FloatValue(random.nextBoolean() ? 0.5 : -0.0);
            case 3 -> new MetadataValue.BoolValue(random.nextBoolean());
            case 4 -> new MetadataValue.Null();
            default -> new MetadataValue.ColumnLineage(new TableColumnLineage(Map.of("id", List.of(
                    new TableColumnLineage.ColumnDep(before.get(random.nextInt(before.size())).key(), "id")))));
        };
    }

    private static Map<String, MetadataValue> bigMap(Random random) {
        Map<String, MetadataValue> map = new LinkedHashMap<>();
        for (int i = 0; i < 13 + random.nextInt(3); i++) { // above Maps.SMALL (12)
            map.put("k" + i, MetadataValue.text("v" + random.nextInt(2)));
        }
        return Maps.orderedCopy(map);
    }

    private static <V> Map<String, V> withEntry(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static <V> Map<String, V> reordered(Random random, Map<String, V> map) {
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, random);
        Map<String, V> copy = new LinkedHashMap<>();
        for (String k : keys) {
            copy.put(k, map.get(k));
        }
        return Maps.orderedCopy(copy);
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
