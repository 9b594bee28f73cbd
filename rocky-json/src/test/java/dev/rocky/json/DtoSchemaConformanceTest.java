package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each DTO against its JSON Schema: every field we map exists in the schema, a field is
 * {@link Required} exactly when the schema requires it and does not allow null, and a nested DTO
 * lines up with the schema definition its property refers to.
 */
class DtoSchemaConformanceTest {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    static Stream<Arguments> dtos() {
        return Stream.of(
                Arguments.of(DiscoverOutput.class, "discover"),
                Arguments.of(CompileOutput.class, "compile"),
                Arguments.of(OptimizeOutput.class, "optimize"),
                Arguments.of(DagOutput.class, "dag"),
                Arguments.of(RunOutput.class, "run"),
                Arguments.of(PlanOutput.class, "plan"),
                Arguments.of(DoctorOutput.class, "doctor"),
                Arguments.of(ReportOutputs.StateOutput.class, "state"),
                Arguments.of(ReportOutputs.HistoryOutput.class, "history"),
                Arguments.of(ReportOutputs.MetricsOutput.class, "metrics"),
                Arguments.of(ReportOutputs.CostOutput.class, "cost"),
                Arguments.of(ReportOutputs.TestOutput.class, "test"),
                Arguments.of(ReportOutputs.CiOutput.class, "ci"),
                Arguments.of(ReportOutputs.ReviewStatusOutput.class, "review_status"),
                Arguments.of(ReportOutputs.ModelHistoryOutput.class, "model_history"),
                Arguments.of(ReportOutputs.ColumnLineageOutput.class, "column_lineage"),
                Arguments.of(ReportOutputs.DagRunOutput.class, "dag_run"),
                Arguments.of(ApplyOutput.class, "apply"));
    }

    @ParameterizedTest(name = "{0} ~ {1}.schema.json")
    @MethodSource("dtos")
    void dtoMirrorsItsSchema(Class<?> dto, String schemaName) {
        JsonNode schema = ContractSchemas.schemaTree(schemaName);
        List<String> problems = new ArrayList<>();
        check(dto, schema, schema, "$", problems, new HashSet<>());
        assertThat(problems).isEmpty();
    }

    private static void check(Class<?> dto, JsonNode definition, JsonNode root, String path, List<String> problems, Set<Class<?>> seen) {
        if (!seen.add(dto)) {
            return;
        }
        if (definition.has("oneOf")) {
            definition = union(definition.path("oneOf"));
        }
        Set<String> required = new HashSet<>();
        definition.path("required").forEach(n -> required.add(n.asText()));
        for (RecordComponent c : dto.getRecordComponents()) {
            if (anySetter(dto, c)) {
                continue; // gathers the properties of the kind-specific branches, which the schema lists under anyOf
            }
            String name = SNAKE.translate(c.getName());
            JsonNode property = definition.path("properties").path(name);
            if (property.isMissingNode()) {
                problems.add(path + "." + name + ": mapped by " + dto.getSimpleName() + " but not in the schema");
                continue;
            }
            boolean schemaRequired = required.contains(name) && !allowsNull(property, root);
            boolean dtoRequired = c.isAnnotationPresent(Required.class);
            if (schemaRequired != dtoRequired) {
                problems.add(path + "." + name + ": schema required=" + schemaRequired + " but DTO @Required=" + dtoRequired);
            }
            com.fasterxml.jackson.annotation.JsonSetter setter = setterOf(dto, c);
            if (dtoRequired && setter != null && setter.nulls() != com.fasterxml.jackson.annotation.Nulls.FAIL) {
                // a @JsonSetter of its own replaces the one @Required carries: an explicit null would pass
                problems.add(path + "." + name + ": @Required with its own @JsonSetter(nulls = " + setter.nulls()
                        + ") accepts an explicit null; give it nulls = Nulls.FAIL");
            }
            Class<?> nested = nestedRecord(c.getGenericType());
            if (nested != null && nested.getEnclosingClass() == dto.getEnclosingClass() || nested != null && nested.getEnclosingClass() == dto) {
                JsonNode target = resolve(property, root);
                if (target.path("type").asText().equals("array")) {
                    target = resolve(target.path("items"), root);
                } else if (target.has("additionalProperties") && target.path("additionalProperties").isObject()) {
                    target = resolve(target.path("additionalProperties"), root);
                    if (target.path("type").asText().equals("array")) {
                        target = resolve(target.path("items"), root);
                    }
                }
                check(nested, target, root, path + "." + name, problems, seen);
            }
        }
    }

    /** The component's own {@code @JsonSetter} (it reaches the field, not the record component), or null. */
    private static com.fasterxml.jackson.annotation.JsonSetter setterOf(Class<?> dto, RecordComponent c) {
        try {
            return dto.getDeclaredField(c.getName()).getDeclaredAnnotation(com.fasterxml.jackson.annotation.JsonSetter.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean anySetter(Class<?> dto, RecordComponent c) {
        try {
            return dto.getDeclaredField(c.getName()).isAnnotationPresent(com.fasterxml.jackson.annotation.JsonAnySetter.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A oneOf as one object: every branch's properties; required = what every branch requires. */
    private static JsonNode union(JsonNode branches) {
        com.fasterxml.jackson.databind.node.ObjectNode out = ContractSchemas.JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode properties = out.putObject("properties");
        Set<String> required = null;
        for (JsonNode branch : branches) {
            branch.path("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
            Set<String> r = new HashSet<>();
            branch.path("required").forEach(n -> r.add(n.asText()));
            if (required == null) {
                required = r;
            } else {
                required.retainAll(r);
            }
        }
        com.fasterxml.jackson.databind.node.ArrayNode req = out.putArray("required");
        if (required != null) {
            required.forEach(req::add);
        }
        return out;
    }

    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> cls && cls.isRecord()) {
            return cls;
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return nestedRecord(args[args.length - 1]);
        }
        return null;
    }

    /** Follows {@code $ref}, {@code allOf} of one, and the non-null branch of {@code anyOf}. */
    private static JsonNode resolve(JsonNode node, JsonNode root) {
        JsonNode n = node;
        for (int i = 0; i < 8; i++) {
            if (n.has("$ref")) {
                String ref = n.path("$ref").asText();
                n = root.at(ref.substring(1));
            } else if (n.has("allOf") && n.path("allOf").size() == 1) {
                n = n.path("allOf").get(0);
            } else if (n.has("anyOf") && !n.has("properties")) {
                // a nullable wrapper (anyOf [X, null]); an object with its own properties and anyOf
                // branches (CheckResult) is the definition itself
                JsonNode pick = n;
                for (JsonNode branch : n.path("anyOf")) {
                    if (!branch.path("type").asText().equals("null")) {
                        pick = branch;
                    }
                }
                if (pick == n) {
                    return n;
                }
                n = pick;
            } else {
                return n;
            }
        }
        return n;
    }

    private static boolean allowsNull(JsonNode property, JsonNode root) {
        JsonNode type = property.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("null")) {
                    return true;
                }
            }
        }
        for (JsonNode branch : property.path("anyOf")) {
            if (branch.path("type").asText().equals("null")) {
                return true;
            }
        }
        return false;
    }
}
