package dev.rocky.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's branch_deploy.py cases (dagster-rocky tests/test_branch_deploy.py): the suffix per context. */
class BranchDeploymentTest {

    @Test
    void aPullRequestsBranchDeploymentGetsItsNumber() {
        BranchDeployment d = BranchDeployment.from(Map.of("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT", "TRUE",
                "DAGSTER_CLOUD_PULL_REQUEST_ID", "123", "DAGSTER_CLOUD_DEPLOYMENT_NAME", "branch-x", "DAGSTER_CLOUD_GIT_SHA", "abc"));
        assertThat(d.branchDeployment()).isTrue();
        assertThat(d.gitSha()).contains("abc");
        assertThat(d.shadowSuffix()).contains("_dagster_pr_123");
    }

    @Test
    void anApiBranchDeploymentGetsItsSanitisedNameOrTheFallback() {
        assertThat(BranchDeployment.from(Map.of("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT", "true", "DAGSTER_CLOUD_DEPLOYMENT_NAME",
                "feat/new-thing.2")).shadowSuffix()).contains("_dagster_feat_new_thing_2");
        assertThat(BranchDeployment.from(Map.of("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT", "true", "DAGSTER_CLOUD_PULL_REQUEST_ID", ""))
                .shadowSuffix()).contains("_dagster_branch");
    }

    @Test
    void productionAndOutsideDagsterPlusGetNone() {
        assertThat(BranchDeployment.from(Map.of("DAGSTER_CLOUD_DEPLOYMENT_NAME", "prod")).shadowSuffix()).isEmpty();
        assertThat(BranchDeployment.from(Map.of("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT", "false", "DAGSTER_CLOUD_PULL_REQUEST_ID", "9"))
                .shadowSuffix()).isEmpty();
        assertThat(BranchDeployment.from(Map.of()).branchDeployment()).isFalse();
    }
}
