package dev.rocky.core.run;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-call resolvers of a component, each optional. {@link #apply} fills each option the call
 * was not given explicitly from its resolver, in the reference's order (shadow suffix, governance
 * override, idempotency key), then the timeout.
 *
 * @param shadowSuffix {@code shadow_suffix_fn}
 * @param governanceOverride {@code governance_override_fn} (a JSON object, as
 *     {@link RunOptions.Builder#governanceOverride})
 * @param idempotencyKey {@code idempotency_key_fn}
 * @param timeout {@code timeout_fn}: the call's budget
 */
public record RunResolvers(Optional<RunResolver<String>> shadowSuffix, Optional<RunResolver<String>> governanceOverride,
        Optional<RunResolver<String>> idempotencyKey, Optional<RunResolver<Duration>> timeout) {

    /** No resolver. */
    public static final RunResolvers NONE = new RunResolvers(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Rejects {@code null}. */
    public RunResolvers {
        Objects.requireNonNull(shadowSuffix, "shadowSuffix is null");
        Objects.requireNonNull(governanceOverride, "governanceOverride is null");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey is null");
        Objects.requireNonNull(timeout, "timeout is null");
    }

    /** @return whether no resolver is set */
    public boolean isEmpty() {
        return shadowSuffix.isEmpty() && governanceOverride.isEmpty() && idempotencyKey.isEmpty() && timeout.isEmpty();
    }

    /**
     * A resolver threw, or gave a value the option does not take.
     */
    public static final class ResolverFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private ResolverFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param options the call's options
     * @param context what the resolvers see
     * @return the options with each unset option a resolver gave filled in
     * @throws ResolverFailure naming the option and the resolver's class when one throws or gives a
     *     value the option refuses (a blank string, a non-positive timeout)
     */
    public RunOptions apply(RunOptions options, RunResolver.Context context) throws ResolverFailure {
        if (isEmpty()) {
            return options;
        }
        RunOptions.Builder b = options.toBuilder();
        boolean changed = fill("shadow_suffix", options.shadowSuffix().isEmpty(), shadowSuffix, context, b::shadowSuffix);
        changed |= fill("governance_override", options.governanceOverride().isEmpty(), governanceOverride, context, b::governanceOverride);
        changed |= fill("idempotency_key", options.idempotencyKey().isEmpty(), idempotencyKey, context, b::idempotencyKey);
        changed |= fill("timeout", options.timeout().isEmpty(), timeout, context, b::timeout);
        return changed ? b.build() : options;
    }

    /** Calls the resolver when the option is unset and sets what it gives; @return whether it set one. */
    private static <T> boolean fill(String option, boolean unset, Optional<RunResolver<T>> resolver, RunResolver.Context context,
            java.util.function.Function<T, RunOptions.Builder> setter) throws ResolverFailure {
        if (!unset || resolver.isEmpty()) {
            return false;
        }
        Optional<T> v = call(option, resolver.get(), context);
        if (v.isEmpty()) {
            return false;
        }
        set(option, resolver.get(), () -> setter.apply(v.get()));
        return true;
    }

    private static <T> Optional<T> call(String option, RunResolver<T> resolver, RunResolver.Context context) throws ResolverFailure {
        Optional<T> v;
        try {
            v = resolver.resolve(context);
        } catch (Exception | LinkageError e) {
            throw new ResolverFailure("resolver " + name(resolver) + " for " + option + " raised: " + e, e);
        }
        if (v == null) {
            throw new ResolverFailure("resolver " + name(resolver) + " for " + option + " returned null; return Optional.empty() "
                    + "to leave " + option + " unset", null);
        }
        return v;
    }

    private static void set(String option, RunResolver<?> resolver, Runnable setter) throws ResolverFailure {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new ResolverFailure("resolver " + name(resolver) + " for " + option + " gave a value rocky-java refuses: "
                    + e.getMessage(), e);
        }
    }

    private static String name(RunResolver<?> resolver) {
        Class<?> c = resolver.getClass();
        String name = c.getName();
        return c.isSynthetic() || name.contains("$$Lambda") ? "(a lambda in " + name.replaceAll("\\$\\$Lambda.*", "") + ")" : name;
    }
}
