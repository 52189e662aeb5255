package dev.encodeflow.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a remembered scenario verdict is keyed on: any change to what decides it is a new key. */
class CheckedRuleSetsTest {

    private final CheckedRuleSets checks = new CheckedRuleSets(null, true);

    @Test
    void everyInputOfTheVerdictChangesTheKey() {
        SortedMap<String, String> drl = new TreeMap<>(java.util.Map.of("a.drl", "rule A when then end"));
        SortedMap<String, String> scenarios = new TreeMap<>(java.util.Map.of("s.yaml", "scenarios: []"));
        String key = checks.key(drl, scenarios, 100);
        assertThat(key).isNotNull().isEqualTo(checks.key(new TreeMap<>(drl), new TreeMap<>(scenarios), 100));

        Set<String> keys = new HashSet<>(Set.of(key));
        keys.add(checks.key(new TreeMap<>(java.util.Map.of("a.drl", "rule A when then end ")), scenarios, 100));
        keys.add(checks.key(new TreeMap<>(java.util.Map.of("b.drl", "rule A when then end")), scenarios, 100));
        keys.add(checks.key(drl, new TreeMap<>(java.util.Map.of("s.yaml", "scenarios: [ ]")), 100));
        keys.add(checks.key(drl, new TreeMap<>(), 100));
        keys.add(checks.key(drl, scenarios, 101));
        // A file moved from the rules to the scenarios is not the same input either.
        keys.add(checks.key(new TreeMap<>(), new TreeMap<>(java.util.Map.of("a.drl", "rule A when then end",
                "s.yaml", "scenarios: []")), 100));
        assertThat(keys).hasSize(7);
    }

    @Test
    void turnedOffThereIsNoKeyAndNothingIsRemembered() {
        CheckedRuleSets off = new CheckedRuleSets(null, false);
        assertThat(off.key(new TreeMap<>(), new TreeMap<>(), 1)).isNull();
        assertThat(off.scenariosFor(null)).isEqualTo(-1);
        off.passed(null, "v", 3); // no key: no write (there is no database here to write to)
    }

    @Test
    void theBuildIsIdentifiedByItsBytes(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/dev"));
        Files.write(classes.resolve("A.class"), new byte[] {1, 2, 3});
        String before = CheckedRuleSets.fingerprint(dir.resolve("classes"));
        assertThat(before).isEqualTo(CheckedRuleSets.fingerprint(dir.resolve("classes")));
        Files.write(classes.resolve("A.class"), new byte[] {1, 2, 4});
        assertThat(CheckedRuleSets.fingerprint(dir.resolve("classes"))).isNotEqualTo(before);

        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {9});
        String jarPrint = CheckedRuleSets.fingerprint(jar);
        Files.write(jar, new byte[] {8});
        assertThat(CheckedRuleSets.fingerprint(jar)).isNotEqualTo(jarPrint);
        assertThat(CheckedRuleSets.fingerprint(dir.resolve("missing"))).isNull();
        assertThat(CheckedRuleSets.fingerprint(null)).isNull();
    }
}
