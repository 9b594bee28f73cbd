package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.RockyComponent;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.spec.Definitions;
import dev.rocky.testkit.FakeRockyExtension;
import dev.rocky.testkit.TranslatorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (2) The translator plugin: over a real project's state, and found by name as a plugin. */
class TeamTranslatorTest {

    @RegisterExtension
    final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("01-replication-basics");

    @Test
    void everyAssetGoesUnderTheTeam() {
        Definitions defs = TranslatorHarness.forBundledProject("01-replication-basics").translate(new TeamTranslator("payments"));

        assertThat(defs.assets()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.key().path().get(0)).isEqualTo("payments");
            assertThat(a.group()).isEqualTo("payments");
            assertThat(a.tags()).containsEntry("team", "payments").containsKey("rocky/source_type");
        });
    }

    @Test
    void defsYamlSelectsThePluginByName() {
        RockyComponent component = rocky.componentBuilder("translator: {name: team, config: {team: growth}}").build();
        component.refresh();

        assertThat(component.translator().describe()).contains("team");
        assertThat(component.definitions().assets()).allSatisfy(a -> assertThat(a.group()).isEqualTo("growth"));
    }

    @Test
    void aBadTeamNameFailsTheLoadNamingIt() {
        RockyComponent component = rocky.componentBuilder("translator: {name: team, config: {team: 'no spaces'}}").build();
        component.refresh();

        assertThatThrownBy(component::definitions).isInstanceOf(RockyException.class).hasMessageContaining("no spaces");
    }
}
