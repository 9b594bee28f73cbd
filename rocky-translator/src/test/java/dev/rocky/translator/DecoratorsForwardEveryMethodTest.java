package dev.rocky.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.translator.spi.RockyTranslator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Between a plugin and the core sit the framework's wrappers: the checking adapter
 * ({@link ValidatingTranslator}, SPI to port) and the {@code translation} templates (port to port).
 * Each must hand every method to the plugin: a missed one would silently answer with something else
 * than the plugin's answer. Found by reflection over the port, so a method added later is covered
 * without touching this test, and each port method must have its namesake in the SPI.
 */
class DecoratorsForwardEveryMethodTest {

    /**
     * Every method of the core port a plugin answers. {@code specExtras} has no plugin method: only
     * defs.yaml's translation templates set it ({@code TranslationTemplatesTest}).
     */
    static List<Method> portMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method m : AssetTranslator.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && !m.getName().equals("specExtras")) {
                methods.add(m);
            }
        }
        assertThat(methods).extracting(Method::getName).containsExactlyInAnyOrder("assetKey", "groupName", "tags", "metadata",
                "assetDeps", "modelAssetKey", "modelGroupName", "modelTags", "modelMetadata", "dagNodeAssetKey", "dagGroupName",
                "partitionKey");
        return methods;
    }

    static Stream<Arguments> wrappersAndMethods() {
        Map<String, UnaryOperator<AssetTranslator>> onTopOfTheAdapter = new LinkedHashMap<>();
        onTopOfTheAdapter.put("ValidatingTranslator", adapter -> adapter);
        onTopOfTheAdapter.put("translation templates", adapter -> TranslationTemplates.parse(Map.of("metadata", Map.of("team",
                "data"))).applyTo(adapter));
        List<Arguments> out = new ArrayList<>();
        onTopOfTheAdapter.forEach((name, wrap) -> portMethods().forEach(m -> out.add(Arguments.of(name, m.getName(), wrap, m))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} hands {1} to the plugin")
    @MethodSource("wrappersAndMethods")
    void theCallReachesThePlugin(String wrapper, String method, UnaryOperator<AssetTranslator> wrap, Method portMethod)
            throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        InvocationHandler recording = (proxy, m, args) -> {
            seen.add(m.getName());
            return InvocationHandler.invokeDefault(proxy, m, args);
        };
        RockyTranslator plugin = (RockyTranslator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RockyTranslator.class}, recording);
        AssetTranslator chain = wrap.apply(new ValidatingTranslator(plugin, "the test plugin"));

        Object result = portMethod.invoke(chain, arguments(portMethod));

        assertThat(result).as("%s returned null", method).isNotNull();
        assertThat(seen).as("%s called %s on the plugin", wrapper, method).contains(method);
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
            } else if (types[i] == String.class && method.getName().equals("partitionKey")) {
                args[i] = "tenant"; // the tenant component of the sample source
            } else {
                throw new AssertionError("no sample argument of type " + types[i].getName() + " for " + method
                        + "; add one here (AssetTranslator grew a parameter type)");
            }
        }
        return args;
    }
}
