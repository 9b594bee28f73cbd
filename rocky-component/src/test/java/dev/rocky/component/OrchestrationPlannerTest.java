package dev.rocky.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.component.config.OrchestrationConfig;
import dev.rocky.core.orchestration.ExecutableUnit;
import dev.rocky.core.orchestration.Orchestration;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrchestrationPlannerTest {

    /** The unit names' rule as a pattern: what {@link OrchestrationPlanner#unitName} replaced. */
    private static final java.util.regex.Pattern NOT_IN_UNIT_NAME = java.util.regex.Pattern.compile("[^A-Za-z0-9_]");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void aUnitNameIsTheGroupWithWhatThePatternReplaced(long seed) {
        Random random = new Random(seed);
        // ASCII letters, digits and punctuation; Latin-1 and BMP letters; a character outside the BMP; lone surrogates
        int[] pool = {'a', 'Z', '0', '9', '_', '-', '.', ' ', '/', 0xE9, 0x4E2D, 0x1F600, 0xD800, 0xDC00, 0x7F, 0};
        for (int n = 0; n < 200; n++) {
            StringBuilder group = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                group.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String name = group.toString();
            assertThat(OrchestrationPlanner.unitName(name)).as("%s", name)
                    .isEqualTo("rocky_" + NOT_IN_UNIT_NAME.matcher(name).replaceAll("_"));
        }
        assertThat(OrchestrationPlanner.unitName("raw__orders-eu.v2")).isEqualTo("rocky_raw__orders_eu_v2");
        assertThat(OrchestrationPlanner.unitName("caf\u00e9\uD83D\uDE00")).isEqualTo("rocky_caf__");
    }

    private static AssetSpec asset(String group, String name) {
        return new AssetSpec(AssetKey.of("duckdb", group, name), group, List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty());
    }

    /**
     * One unit per group in the order groups first appear, each with its assets in graph order,
     * on seeded graphs whose groups come in runs and interleave (a group seen again after another).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void oneUnitPerGroupInFirstAppearanceOrderWithItsAssetsInGraphOrder(int seed) {
        Random random = new Random(seed);
        String[] groups = {"a", "b", "c", "d"};
        List<AssetSpec> assets = new ArrayList<>();
        Map<String, List<AssetKey>> expected = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String group = groups[random.nextInt(random.nextBoolean() ? 2 : groups.length)];
            AssetSpec spec = asset(group, "t" + i);
            assets.add(spec);
            expected.computeIfAbsent(group, g -> new ArrayList<>()).add(spec.key());
        }
        Orchestration plan = new OrchestrationPlanner(new OrchestrationConfig(Map.of("team", "data"), List.of(), Optional.empty()))
                .plan(new Definitions(assets));

        assertThat(plan.units()).extracting(ExecutableUnit::group).containsExactlyElementsOf(expected.keySet());
        for (ExecutableUnit unit : plan.units()) {
            assertThat(unit.assets()).as(unit.group()).containsExactlyElementsOf(expected.get(unit.group()));
            assertThat(unit.opTags()).containsExactly(Map.entry("team", "data"));
        }
    }

    @Test
    void aUnitIsNamedAfterItsGroupWithEachCodePointOutsideTheNameCharactersAsOneUnderscore() {
        Orchestration plan = new OrchestrationPlanner(OrchestrationConfig.NONE).plan(new Definitions(List.of(asset("Sales_EU1", "t"),
                asset("sales-eu.1", "t"), asset("caf\u00e9 \uD83D\uDE00x", "t"))));

        assertThat(plan.units()).extracting(ExecutableUnit::name)
                .containsExactly("rocky_Sales_EU1", "rocky_sales_eu_1", "rocky_caf___x");
    }
}
