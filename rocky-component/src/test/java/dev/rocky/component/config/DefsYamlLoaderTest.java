package dev.rocky.component.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.ManagementType;
import dev.rocky.core.error.ConfigException;
import dev.rocky.translator.TranslatorSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefsYamlLoaderTest {

    @TempDir
    Path dir;

    private Path write(String... attributes) throws IOException {
        StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n");
        for (String a : attributes) {
            yaml.append("  ").append(a).append('\n');
        }
        return Files.writeString(dir.resolve("defs.yaml"), yaml.toString());
    }

    private ComponentConfig load(String... attributes) throws IOException {
        return new DefsYamlLoader(Map.of("WAREHOUSE", "prod", "TIMEOUT", "90")::get).load(write(attributes));
    }

    @Test
    void everyAttributeHasTheReferencesDefault() throws IOException {
        ComponentConfig c = load();
        assertThat(c.engine().binaryPath()).isEqualTo("rocky");
        assertThat(c.engine().configPath()).isEqualTo("rocky.toml");
        assertThat(c.engine().statePath()).isEqualTo(".rocky-state.redb");
        assertThat(c.engine().stateNamespace()).isEmpty();
        assertThat(c.engine().modelsDir()).isEqualTo("models");
        assertThat(c.engine().contractsDir()).isEmpty();
        assertThat(c.translator().selection()).isEqualTo(TranslatorSelection.none());
        assertThat(c.translator().translation().isEmpty()).isTrue();
        assertThat(c.translator().pluginsDir()).isEqualTo(dir.resolve("plugins"));
        assertThat(c.defsState().managementType()).isEqualTo(ManagementType.LOCAL_FILESYSTEM);
        assertThat(c.defsState().key()).isEqualTo("RockyComponent[rocky.toml]");
        assertThat(c.graph().surfaceOptimizeMetadata()).isTrue();
        assertThat(List.of(c.graph().surfaceDerivedModels(), c.graph().dagMode(), c.governance().surfaceCompliance(),
                c.governance().surfaceConfiguredChecks(), c.governance().surfaceRetentionStatus(), c.state().discoverOnMissingState(), c.lineage().surfaceColumnLineage(),
                c.graph().strictBuild(), c.run().satisfyEmptyOutputs(), c.state().failOnStaleState(), c.developmentMode())).containsOnly(false);
        assertThat(c.engine().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.state().refreshLockWait()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyAttributeCanBeSet() throws IOException {
        ComponentConfig c = load("binary_path: /opt/rocky", "config_path: conf/rocky.toml", "state_namespace: nightly",
                "models_dir: m", "contracts_dir: contracts", "translator_class: com.acme.Translator",
                "translation: {key: \"raw/{{ table_name }}\", group_name: g, tags: {team: data}}", "plugins_dir: lib/plugins",
                "defs_state: {management_type: VERSIONED_STATE_STORAGE, key: k, storage: {type: directory, path: states}, keep_versions: 3}",
                "surface_optimize_metadata: false", "surface_derived_models: true", "enable_sensor: false",
                "execution_mode: streaming", "op_tags: {}", "strict_doctor: false", "strict_doctor_checks: []",
                "surface_compliance: true", "surface_configured_checks: true", "surface_retention_status: true",
                "discover_on_missing_state: true", "surface_column_lineage: true", "timeout_seconds: 30", "strict_build: true",
                "fail_on_stale_state: true", "refresh_lock_wait_seconds: 0", "dag_mode: true");
        assertThat(c.engine().stateNamespace()).contains("nightly");
        assertThat(c.translator().selection()).isEqualTo(TranslatorSelection.ofClass("com.acme.Translator", Map.of()));
        assertThat(c.translator().translation().isEmpty()).isFalse();
        assertThat(c.translator().pluginsDir()).isEqualTo(dir.resolve("lib/plugins"));
        assertThat(c.defsState()).isEqualTo(new DefsStateConfig(ManagementType.VERSIONED_STATE_STORAGE, "k",
                dir.resolve("states"), 3));
        assertThat(c.engine().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.state().refreshLockWait()).isZero();
        assertThat(c.resolvedContractsDir()).contains(dir.resolve("contracts"));
        assertThat(c.graph().dagMode() && c.graph().strictBuild() && c.state().failOnStaleState() && c.lineage().surfaceColumnLineage()).isTrue();
    }

    @Test
    void durationsThatWouldOverflowAreRefusedWithTheirLimit() {
        assertThatThrownBy(() -> load("timeout_seconds: 9223372036854775807")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("timeout_seconds must be at most 604800 (7 days)");
        assertThatThrownBy(() -> load("refresh_lock_wait_seconds: 10000000000")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("refresh_lock_wait_seconds must be at most 86400 (a day)");
    }

    @Test
    void theTenantBlockIsReadWithTheReferencesDefaults() throws IOException {
        assertThat(load("binary_path: rocky", "tenant: {component: client, partitions_name: rocky_clients}").graph().tenant())
                .contains(new dev.rocky.core.spec.TenantPartitioning("client", "rocky_clients", true, false));
        assertThat(load("binary_path: rocky", "tenant: {component: client, partitions_name: p, sync_partitions_from_discover: false,"
                + " scope_runs_to_selection: true}").graph().tenant())
                .contains(new dev.rocky.core.spec.TenantPartitioning("client", "p", false, true));
        assertThat(load("binary_path: rocky").graph().tenant()).isEmpty();
        assertThatThrownBy(() -> load("binary_path: rocky", "dag_mode: true", "tenant: {component: client, partitions_name: p}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not apply with dag_mode: true");
        // the tenant sensor asks per source: a per_group granularity would be accepted and ignored, so it is refused
        assertThatThrownBy(() -> load("binary_path: rocky", "enable_sensor: true", "sensor_granularity: per_group",
                "tenant: {component: client, partitions_name: p}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sensor_granularity: per_group does not apply with tenant");
    }

    @Test
    void environmentPlaceholdersAreReplacedAndAnUnsetOneIsNamed() throws IOException {
        ComponentConfig c = load("config_path: \"conf/{{ env.WAREHOUSE }}.toml\"", "timeout_seconds: \"{{ env.TIMEOUT }}\"");
        assertThat(c.engine().configPath()).isEqualTo("conf/prod.toml");
        assertThat(c.engine().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> load("binary_path: rocky", "models_dir: \"{{ env.NOPE }}\""))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains("defs.yaml:4").contains("models_dir").contains("NOPE is not set"));
    }

    static Stream<Arguments> badAttributes() {
        return Stream.of(
                Arguments.of("dag_mode: yes please", "dag_mode must be true or false"),
                Arguments.of("timeout_seconds: 0", "timeout_seconds must be at least 1"),
                Arguments.of("sensor_interval_seconds: soon", "sensor_interval_seconds must be a whole number"),
                Arguments.of("sensor_granularity: hourly", "accepted: per_source, per_group"),
                Arguments.of("execution_mode: batch", "accepted: streaming, pipes"),
                Arguments.of("strict_doctor_checks: auth", "strict_doctor_checks must be a list of strings"),
                Arguments.of("strict_doctor_checks: [auth]", "strict_doctor_checks scopes the strict_doctor gate, which is off"),
                Arguments.of("sensor_granularity: per_group", "sensor_granularity is a setting of the discover sensor, which is off"),
                Arguments.of("sensor_interval_seconds: 60", "set enable_sensor: true or remove sensor_interval_seconds"),
                Arguments.of("op_tags: [a]", "op_tags must be a mapping"),
                Arguments.of("state_namespace: 'night-ly'", "SQL identifier"),
                Arguments.of("translator_class: Translator", "fully qualified class name"),
                Arguments.of("translation: {colour: red}", "unknown translation attribute 'colour'"),
                Arguments.of("translation: {key: \"{{ tabel_name }}\"}", "translation.key: unknown variable 'tabel_name'"),
                Arguments.of("translation: {tags: {team: \"{{ table_name | upper }}\"}}", "translation.tags.team: filters are not supported"),
                Arguments.of("translator: tenant", "translator must be a mapping such as {name: tenant"),
                Arguments.of("translator: {name: Tenant}", "translator.name must match [a-z][a-z0-9_-]*"),
                Arguments.of("translator: {config: {a: 1}}", "translator needs exactly one of name"),
                Arguments.of("translator: {name: t, class: com.x.Y}", "translator needs exactly one of name"),
                Arguments.of("translator: {class: Y}", "translator.class must be a fully qualified class name"),
                Arguments.of("translator: {name: t, config: {a: [1]}}", "translator.config.a must be a string, number or boolean"),
                Arguments.of("translator: {name: t, colour: red}", "unknown key 'colour' in translator"),
                Arguments.of("defs_state: {management_type: CODE_SERVER}", "accepted: LOCAL_FILESYSTEM, VERSIONED_STATE_STORAGE"),
                Arguments.of("defs_state: {storage: {type: gcs}}", "defs_state.storage.type is 'gcs'; accepted: directory, s3, valkey"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: s3}}",
                        "defs_state.storage.bucket must be a non-empty string (it is missing)"),
                Arguments.of("defs_state: {storage: {type: s3, bucket: b}}", "needs management_type: VERSIONED_STATE_STORAGE"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: s3, bucket: b, endpoint: 'ftp://h'}}",
                        "endpoint must be an http:// or https:// URL with a host"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: s3, bucket: b, access_key_id: k}}",
                        "needs both access_key_id and secret_access_key, or neither"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: s3, bucket: b, acl: private}}",
                        "unknown key 'acl' in defs_state.storage"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: valkey, host: h, port: 70000}}",
                        "defs_state.storage.port must be a whole number from 1 to 65535, got 70000"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: valkey, port: 6379}}",
                        "defs_state.storage.host must be a non-empty string"),
                Arguments.of("defs_state: {management_type: VERSIONED_STATE_STORAGE, storage: {type: valkey, host: h, password: 7}}",
                        "defs_state.storage.password must be a non-empty string (use \"{{ env.NAME }}\"; the value is never shown)"),
                Arguments.of("defs_state: {prune_grace_seconds: -1}", "prune_grace_seconds must be a whole number from 0 to 86400"),
                Arguments.of("post_state_write_hook: {push_to: {type: ftp}}", "post_state_write_hook.push_to.type is 'ftp'"),
                Arguments.of("post_state_write_hook: {push_to: {type: valkey, host: h}, colour: red}",
                        "unknown key 'colour' in post_state_write_hook"),
                Arguments.of("defs_state: {keep_versions: 0}", "keep_versions must be a whole number from 1"),
                Arguments.of("defs_state: {colour: red}", "unknown key 'colour' in defs_state"),
                Arguments.of("tenant: {component: client}", "tenant.partitions_name is required"),
                Arguments.of("tenant: {component: c, partitions_name: p, scope_runs_to_selection: 2}",
                        "tenant.scope_runs_to_selection must be true or false"),
                Arguments.of("refresh_lock_wait_seconds: -1", "at least 0"),
                Arguments.of("shadow_suffix_fn: x.y", "shadow_suffix_fn cannot be set in defs.yaml"),
                Arguments.of("timeout_fn: x.y", "RockyComponent.builder(config).timeoutFn(…)"),
                Arguments.of("server_url: ftp://localhost:8080", "server_url must be the http(s) URL of a running `rocky serve`"),
                Arguments.of("server_url: http://localhost:8080/?x=1", "server_url must be the http(s) URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAttributes")
    void aWrongValueIsNamedWithItsLineAndWhatIsAccepted(String attribute, String expected) throws IOException {
        Path file = write("binary_path: rocky", attribute);
        assertThatThrownBy(() -> new DefsYamlLoader(name -> null).load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).startsWith(file + ":4: ").contains(expected));
    }

    @Test
    void remoteStorageSettingsAreReadWithSecretsFromTheEnvironmentAndNeverShown() throws IOException {
        Path file = write("binary_path: rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE",
                "  prune_grace_seconds: 5",
                "  storage: {type: s3, bucket: state, prefix: /pods/prod/, endpoint: 'http://minio:9000',",
                "            access_key_id: AKIA1, secret_access_key: '{{ env.S3_SECRET }}', cache_dir: cache}",
                "post_state_write_hook:",
                "  push_to: {type: valkey, host: cache.internal, port: '{{ env.VALKEY_PORT }}', tls: true, username: rocky,",
                "            password: '{{ env.VALKEY_PASSWORD }}', database: 2, version_ttl_seconds: 86400}");
        Map<String, String> env = Map.of("S3_SECRET", "s3-secret-value", "VALKEY_PASSWORD", "valkey-secret-value",
                "VALKEY_PORT", "6380", "AWS_REGION", "eu-west-1");
        ComponentConfig c = new DefsYamlLoader(env::get).load(file);
        StateStorage.S3 s3 = (StateStorage.S3) c.defsState().storage();
        assertThat(s3.settings().bucket()).isEqualTo("state");
        assertThat(s3.settings().prefix()).isEqualTo("pods/prod");
        assertThat(s3.settings().endpoint()).contains(java.net.URI.create("http://minio:9000"));
        assertThat(s3.settings().region()).isEqualTo("eu-west-1");
        assertThat(s3.settings().pathStyleAccess()).isTrue();
        assertThat(s3.settings().credentials()).hasValueSatisfying(k -> assertThat(k.secretAccessKey()).isEqualTo("s3-secret-value"));
        assertThat(s3.cacheDir()).isEqualTo(dir.resolve("cache"));
        assertThat(c.defsState().pruneGrace()).isEqualTo(Duration.ofSeconds(5));
        PushStateTo push = c.state().pushStateTo().orElseThrow();
        StateStorage.Valkey valkey = (StateStorage.Valkey) push.storage();
        assertThat(valkey.settings().port()).isEqualTo(6380);
        assertThat(valkey.settings().tls()).isTrue();
        assertThat(valkey.settings().database()).isEqualTo(2);
        assertThat(valkey.settings().versionTtl()).contains(Duration.ofDays(1));
        assertThat(push.key()).isEqualTo("RockyComponent[rocky.toml]");
        assertThat(push.keepVersions()).isEqualTo(10);
        assertThat(c.toString()).doesNotContain("s3-secret-value").doesNotContain("valkey-secret-value").contains("***");
    }

    @Test
    void conflictingAttributesAreRefused() {
        assertThatThrownBy(() -> load("state_path: a.redb", "state_namespace: ns")).hasMessageContaining("cannot both be set");
        assertThatThrownBy(() -> load("dag_mode: true", "satisfy_empty_outputs: true"))
                .hasMessageContaining("satisfy_empty_outputs works only with");
        assertThatThrownBy(() -> load("translator_class: com.a.B", "translator: {name: tenant}"))
                .hasMessageContaining("translator and translator_class cannot both be set");
    }

    @Test
    void aTranslatorIsNamedWithItsConfigOrGivenByClass() throws IOException {
        assertThat(load("translator: {name: tenant, config: {component: client, depth: 2, strip: true}}").translator().selection())
                .isEqualTo(TranslatorSelection.named("tenant", Map.of("component", "client", "depth", "2", "strip", "true")));
        assertThat(load("translator: {class: com.acme.TenantFactory, config: {component: client}}").translator().selection())
                .isEqualTo(TranslatorSelection.ofClass("com.acme.TenantFactory", Map.of("component", "client")));
    }

    @Test
    void developmentModeComesFromTheEnvironment() throws IOException {
        Path file = write("binary_path: rocky");
        assertThat(new DefsYamlLoader(Map.of("ROCKY_COMPONENT_DEV", "1")::get).load(file).developmentMode()).isTrue();
        assertThat(new DefsYamlLoader(Map.of("DAGSTER_IS_DEV_CLI", "1")::get).load(file).developmentMode()).isTrue();
        assertThat(new DefsYamlLoader(Map.of("ROCKY_COMPONENT_DEV", "0")::get).load(file).developmentMode()).isFalse();
    }
}
