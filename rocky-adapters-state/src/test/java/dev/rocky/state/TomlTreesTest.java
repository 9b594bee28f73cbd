package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.contract.RockyContract;
import org.junit.jupiter.api.Test;

/**
 * {@link TomlTrees}: a model file's tree is the one a {@code TomlMapper} reads, a document without a
 * value is a missing node as there, and text that is not TOML is refused with the parser's location.
 * (The trees node for node, over every recorded TOML file and TOML's other forms: rocky-json's
 * {@code JsonTreesTest}.)
 */
class TomlTreesTest {

    @Test
    void aModelFileEmptyTextAndBadTextAreReadAsTheMapperReadsThem() throws Exception {
        String model = RockyContract.files().stream().filter(f -> f.endsWith(".toml") && f.contains("/models/")).findFirst()
                .map(RockyContract::read).orElseThrow();
        assertThat(TomlTrees.read(model)).isEqualTo(new TomlMapper().readTree(model)).isNotEmpty();
        assertThat(TomlTrees.read("# only a comment\n").isEmpty()).isEqualTo(new TomlMapper().readTree("# only a comment\n").isEmpty());
        assertThat(TomlTrees.read("").isMissingNode()).isEqualTo(new TomlMapper().readTree("").isMissingNode());
        assertThatThrownBy(() -> TomlTrees.read("a = \n")).isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getLocation().getLineNr()).isEqualTo(1));
    }
}
