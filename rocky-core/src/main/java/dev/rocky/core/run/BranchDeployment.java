package dev.rocky.core.run;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Dagster+ branch-deployment context, read from its standard environment variables as the
 * reference's branch_deploy.py reads them, and the shadow suffix a branch deployment's runs take so
 * each pull request writes to its own sandbox ({@code rocky run --shadow --shadow-suffix}).
 *
 * @param branchDeployment {@code DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT} is {@code true} (any case)
 * @param deploymentName {@code DAGSTER_CLOUD_DEPLOYMENT_NAME}, when set
 * @param prNumber {@code DAGSTER_CLOUD_PULL_REQUEST_ID}, when set
 * @param gitSha {@code DAGSTER_CLOUD_GIT_SHA}, when set
 */
public record BranchDeployment(boolean branchDeployment, Optional<String> deploymentName, Optional<String> prNumber,
        Optional<String> gitSha) {

    /** {@code "true"} inside a branch deployment, unset elsewhere. */
    public static final String ENV_IS_BRANCH_DEPLOYMENT = "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT";
    /** The deployment's name ({@code prod}, {@code branch-deploy-pr-123}). */
    public static final String ENV_DEPLOYMENT_NAME = "DAGSTER_CLOUD_DEPLOYMENT_NAME";
    /** The pull request the deployment was made for, when there is one. */
    public static final String ENV_PR_NUMBER = "DAGSTER_CLOUD_PULL_REQUEST_ID";
    /** The commit it was built from. */
    public static final String ENV_GIT_SHA = "DAGSTER_CLOUD_GIT_SHA";

    /** Rejects {@code null}. */
    public BranchDeployment {
        Objects.requireNonNull(deploymentName, "deploymentName is null");
        Objects.requireNonNull(prNumber, "prNumber is null");
        Objects.requireNonNull(gitSha, "gitSha is null");
    }

    /**
     * @param env the environment (e.g. {@code System.getenv()})
     * @return the context it describes; empty values read as absent
     */
    public static BranchDeployment from(Map<String, String> env) {
        return new BranchDeployment(env.getOrDefault(ENV_IS_BRANCH_DEPLOYMENT, "").toLowerCase(Locale.ROOT).equals("true"),
                nonEmpty(env.get(ENV_DEPLOYMENT_NAME)), nonEmpty(env.get(ENV_PR_NUMBER)), nonEmpty(env.get(ENV_GIT_SHA)));
    }

    private static Optional<String> nonEmpty(String v) {
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * @return the shadow suffix: {@code _dagster_pr_<n>} for a pull request's branch deployment,
     *     {@code _dagster_<deployment name>} (non-alphanumerics as {@code _}) for one made another way,
     *     {@code _dagster_branch} when neither is known; empty outside a branch deployment
     */
    public Optional<String> shadowSuffix() {
        if (!branchDeployment) {
            return Optional.empty();
        }
        if (prNumber.isPresent()) {
            return Optional.of("_dagster_pr_" + prNumber.get());
        }
        if (deploymentName.isPresent()) {
            StringBuilder safe = new StringBuilder();
            deploymentName.get().codePoints().forEach(c -> safe.appendCodePoint(Character.isLetterOrDigit(c) ? c : '_'));
            return Optional.of("_dagster_" + safe);
        }
        return Optional.of("_dagster_branch");
    }

    /**
     * The reference's {@code shadow_suffix_resolver()}: a resolver that gives each run the branch
     * deployment's suffix, read from this process's environment, and none in production; set it with
     * {@code RockyComponent.builder(config).shadowSuffixFn(BranchDeployment.shadowSuffixResolver())}.
     *
     * @return the resolver
     */
    public static RunResolver<String> shadowSuffixResolver() {
        return context -> from(System.getenv()).shadowSuffix();
    }
}
