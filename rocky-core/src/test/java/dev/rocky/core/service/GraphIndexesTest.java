package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link GraphIndexes}: one set of indexes per graph, made once, and never another graph's. */
class GraphIndexesTest {

    private static Definitions graph(String table) {
        AssetKey key = AssetKey.of("duckdb", "acme", table);
        AssetSpec spec = new AssetSpec(key, "acme", List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(), Optional.empty(),
                Optional.empty());
        return new Definitions(List.of(spec), Optional.empty(), Map.of(key,
                new RunTarget.SourceTable("raw__acme__" + table, Map.of("tenant", "acme"), List.of("duckdb", "acme", table),
                        Optional.empty())));
    }

    @Test
    void theSameGraphGetsTheIndexesMadeForItAndAnotherGraphNewOnes() {
        GraphIndexes indexes = new GraphIndexes();
        Definitions first = graph("orders");
        Definitions second = graph("orders"); // equal content, another object: another graph

        GraphIndexes.Of ofFirst = indexes.of(first);
        CallPlanner.GroupIndex groups = ofFirst.groups();
        ModelCalls.Shapes shapes = ofFirst.shapes();

        assertThat(indexes.of(first)).isSameAs(ofFirst);
        assertThat(indexes.of(first).groups()).as("made once per graph").isSameAs(groups);
        assertThat(indexes.of(first).shapes()).isSameAs(shapes);
        assertThat(groups.tablesPerGroup).containsExactly(Map.entry("acme", 1));

        GraphIndexes.Of ofSecond = indexes.of(second);
        assertThat(ofSecond).isNotSameAs(ofFirst);
        assertThat(ofSecond.groups()).isNotSameAs(groups);
        assertThat(indexes.of(first)).as("the first graph again: made again").isNotSameAs(ofFirst);
    }
}
