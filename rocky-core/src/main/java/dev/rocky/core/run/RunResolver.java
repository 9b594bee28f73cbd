package dev.rocky.core.run;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A per-call value for one {@code rocky run} option, computed when the call is made and only when
 * the option was not given explicitly: the reference resource's {@code shadow_suffix_fn},
 * {@code governance_override_fn}, {@code idempotency_key_fn} and {@code timeout_fn}
 * (dagster-rocky resource.py {@code _apply_resolvers}). Set one with
 * {@code RockyComponent.builder(config).shadowSuffixFn(…)} (and {@code governanceOverrideFn},
 * {@code idempotencyKeyFn}, {@code timeoutFn}).
 *
 * <p>Returning empty leaves the option unset (e.g. a shadow suffix only on a branch deploy). An
 * exception fails the assets of that call, naming the resolver and the option; the call is not
 * made. A governance override a resolver gives goes through the same pre-flight check as one given
 * explicitly.
 *
 * @param <T> the option's type ({@code String}, or {@link java.time.Duration} for the timeout)
 */
@FunctionalInterface
public interface RunResolver<T> {

    /**
     * @param context the call it is for
     * @return the option's value, or empty to leave it unset
     * @throws Exception when the value cannot be had; the call's assets fail naming this resolver
     */
    Optional<T> resolve(Context context) throws Exception;

    /**
     * What a resolver sees of the call, read-only (the reference's {@code ResolverContext}).
     *
     * @param method {@code run} (buffered) or {@code run_streaming} (plan, then apply)
     * @param filter the call's {@code --filter}, when it has one
     * @param assets the selected assets the call serves, in plan order; copied
     * @param supplied the options already given (explicit values and the call's own flags)
     */
    record Context(String method, Optional<String> filter, List<AssetKey> assets, RunOptions supplied) {
        /** Copies the list; rejects {@code null}. */
        public Context {
            Objects.requireNonNull(method, "method is null");
            Objects.requireNonNull(filter, "filter is null");
            assets = List.copyOf(assets);
            Objects.requireNonNull(supplied, "supplied is null");
        }
    }
}
