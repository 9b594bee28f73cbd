package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.translator.spi.RockyTranslator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The framework's translator decorators (the output check, the {@code translation} templates)
 * must hand every translator method to the plugin they wrap: one they miss would silently answer
 * with the default instead of the plugin. Found by reflection, so a method added to the SPI later
 * is covered without touching this test.
 */
class DecoratorsForwardEveryMethodTest {

    /** Every instance method of the translator interface, abstract or default. */
    static List<Method> translatorMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method m : RockyTranslator.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                methods.add(m);
            }
        }
        assertThat(methods).extracting(Method::getName).contains("assetKey", "groupName", "tags", "metadata", "assetDeps",
                "modelAssetKey", "modelGroupName", "modelTags", "modelMetadata", "dagNodeAssetKey", "dagGroupName");
        return methods;
    }

    static Stream<Arguments> decoratorsAndMethods() {
        Map<String, UnaryOperator<RockyTranslator>> decorators = Map.of(
                "ValidatingTranslator", plugin -> new ValidatingTranslator(plugin, "the test plugin"),
                "translation templates", plugin -> TranslationTemplates.parse(Map.of("metadata", Map.of("team", "data")))
                        .applyTo(plugin));
        List<Arguments> out = new ArrayList<>();
        decorators.forEach((name, decorate) -> translatorMethods()
                .forEach(m -> out.add(Arguments.of(name, m.getName() + Arrays.toString(m.getParameterTypes()), decorate, m))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} forwards {1}")
    @MethodSource("decoratorsAndMethods")
    void theDecoratorHandsTheCallToThePlugin(String decorator, String signature, UnaryOperator<RockyTranslator> decorate,
            Method method) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        InvocationHandler recording = (proxy, m, args) -> {
            seen.add(m.getName() + Arrays.toString(m.getParameterTypes()));
            return InvocationHandler.invokeDefault(proxy, m, args);
        };
        RockyTranslator plugin = (RockyTranslator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RockyTranslator.class}, recording);

        method.invoke(decorate.apply(plugin), arguments(method));

        assertThat(seen).as("%s called %s on the plugin", decorator, signature).contains(signature);
    }

    private static Object[] arguments(Method method) {
        Object[] args = new Object[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Source.class) {
                args[i] = Samples.source();
            } else if (types[i] == Table.class) {
                args[i] = Samples.source().tables().get(0);
            } else if (types[i] == ModelDetail.class) {
                args[i] = Samples.model(Map.of());
            } else if (types[i] == DagNode.class) {
                args[i] = Samples.node("stg_orders", "transformation", "default");
            } else {
                throw new AssertionError("no sample argument of type " + types[i].getName() + " for " + method
                        + "; add one here (AssetTranslator grew a parameter type)");
            }
        }
        return args;
    }
}
