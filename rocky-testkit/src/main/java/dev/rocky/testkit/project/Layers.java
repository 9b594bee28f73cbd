package dev.rocky.testkit.project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Execution layers of a graph by longest path from the roots (Kahn's algorithm), each layer sorted. */
final class Layers {

    private Layers() {
    }

    /**
     * @param ids the nodes, in any order
     * @param deps node to the nodes it depends on; dependencies outside {@code ids} are ignored
     * @param cycleMessage a format with one {@code %s} for the nodes left in a cycle
     * @return the layers
     * @throws ProjectException when the graph has a cycle
     */
    static List<List<String>> of(List<String> ids, Map<String, List<String>> deps, String cycleMessage) {
        return of(ids, deps, cycleMessage, id -> id);
    }

    /**
     * @param ids the nodes, in any order
     * @param deps node to the nodes it depends on; dependencies outside {@code ids} are ignored
     * @param cycleMessage a format with one {@code %s} for the nodes left in a cycle, joined with {@code ", "}
     * @param quote how each node left in a cycle is written in the message
     * @return the layers
     * @throws ProjectException when the graph has a cycle
     */
    static List<List<String>> of(List<String> ids, Map<String, List<String>> deps, String cycleMessage,
            java.util.function.UnaryOperator<String> quote) {
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (String id : ids) {
            indegree.putIfAbsent(id, 0);
        }
        for (String id : ids) {
            for (String d : deps.getOrDefault(id, List.of())) {
                if (indegree.containsKey(d) && !d.equals(id)) {
                    indegree.merge(id, 1, Integer::sum);
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
                }
            }
        }
        List<String> current = new ArrayList<>();
        for (String id : ids) {
            if (indegree.get(id) == 0) {
                current.add(id);
            }
        }
        List<List<String>> out = new ArrayList<>();
        int placed = 0;
        while (!current.isEmpty()) {
            current.sort(null);
            out.add(List.copyOf(current));
            placed += current.size();
            List<String> next = new ArrayList<>();
            for (String id : current) {
                for (String down : dependents.getOrDefault(id, List.of())) {
                    if (indegree.merge(down, -1, Integer::sum) == 0) {
                        next.add(down);
                    }
                }
            }
            current = next;
        }
        if (placed < indegree.size()) {
            List<String> left = ids.stream().filter(id -> indegree.get(id) > 0).map(quote).toList();
            throw new ProjectException(String.format(cycleMessage, String.join(", ", left)));
        }
        return out;
    }
}
