package dev.rocky.component.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DefsAttributes} is the one list of attributes: the loader's defaults, the guide's table
 * and the refused set must all agree with it.
 */
class DefsAttributesTest {

    @TempDir
    Path dir;

    /** The guide's attribute table, by attribute: its type and default columns as written. */
    private static Map<String, List<String>> guideTable() throws Exception {
        Path guide = Path.of("..", "docs", "guide", "defs-yaml.md");
        assertThat(guide).as("docs/guide/defs-yaml.md in the checkout").exists();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(guide)) {
            if (line.startsWith("| attribute | type | default |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable && line.startsWith("| `")) {
                // Split on the table's pipes, not on the escaped \| inside a cell.
                String[] cells = line.substring(1).split("(?<!\\\\)\\|");
                rows.put(cells[0].strip().replace("`", ""), List.of(cells[1].strip(), cells[2].strip()));
            }
        }
        return rows;
    }

    @Test
    void theGuidesTableHasOneRowPerAttributeWithTheRegistrysTypeAndDefault() throws Exception {
        Map<String, List<String>> table = guideTable();

        assertThat(table.keySet()).containsExactlyElementsOf(DefsAttributes.names());
        for (DefsAttributes.Attribute a : DefsAttributes.all()) {
            assertThat(table.get(a.name())).as(a.name()).containsExactly(a.type(), a.defaultText());
        }
    }

    @Test
    void theLoaderAppliesTheRegistrysDefaults() throws Exception {
        Files.writeString(dir.resolve("defs.yaml"), "type: dagster_rocky.RockyComponent\nattributes: {}\n");
        ComponentConfig c = new DefsYamlLoader(name -> null).load(dir.resolve("defs.yaml"));

        int checked = 0;
        for (DefsAttributes.Attribute a : DefsAttributes.all()) {
            if (a.loaded().isPresent()) {
                assertThat(a.loaded().get().apply(c)).as(a.name()).isEqualTo(a.defaultLiteral());
                checked++;
            }
        }
        // All but translator_class, which shares the translator's selection.
        assertThat(checked).as("attributes with a field").isEqualTo(DefsAttributes.all().size() - 1);
    }

    @Test
    void everyRefusedAttributeIsOrchestrationAndHasNoField() {
        assertThat(DefsAttributes.all().stream().filter(DefsAttributes.Attribute::refused).map(DefsAttributes.Attribute::name))
                .isEmpty();
        assertThat(DefsAttributes.all()).filteredOn(DefsAttributes.Attribute::refused)
                .allSatisfy(a -> assertThat(a.loaded()).as(a.name()).isEmpty());
        assertThatThrownBy(() -> DefsAttributes.get("sever_url")).hasMessageContaining("binary_path");
    }
}
