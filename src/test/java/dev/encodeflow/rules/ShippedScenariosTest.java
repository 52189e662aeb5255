package dev.encodeflow.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scenarios in rules/scenarios pass against rules/*.drl and, together, exercise every rule. */
class ShippedScenariosTest {

    private static RuleSet rules;
    private static List<Scenario> scenarios;

    @BeforeAll
    static void load() throws RuleSetRejected {
        Path dir = Path.of("rules");
        rules = new RuleSetCompiler(ShippedScenariosTest.class.getClassLoader(), Clock.systemUTC())
                .compileDirectory(dir);
        scenarios = ScenarioFiles.parse(ScenarioFiles.readTexts(dir));
    }

    @Test
    void everyScenarioPasses() {
        ScenarioRunner runner = new ScenarioRunner(100_000);
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(15);
        for (Scenario scenario : scenarios) {
            assertThat(runner.run(rules, scenario).failures()).as(scenario.file() + ": " + scenario.name()).isEmpty();
        }
    }

    @Test
    void everyShippedRuleIsCoveredByAScenario() {
        ScenarioRunner runner = new ScenarioRunner(100_000);
        Set<String> fired = new HashSet<>();
        scenarios.forEach(s -> fired.addAll(runner.run(rules, s).rulesFired()));

        assertThat(rules.ruleNames()).allSatisfy(rule -> assertThat(fired).as("a scenario fires '" + rule + "'")
                .contains(rule));
    }

    @Test
    void theWorkedExampleOfTheAuthoringGuideWorks() throws Exception {
        java.util.Map<String, String> drl = new java.util.TreeMap<>(RuleSetCompiler.readDirectory(Path.of("rules")));
        drl.putAll(RuleSetCompiler.readDirectory(Path.of("docs/examples")));
        RuleSet withExample = new RuleSetCompiler(getClass().getClassLoader(), Clock.systemUTC()).compile(drl);
        List<Scenario> all = new java.util.ArrayList<>(scenarios);
        all.addAll(ScenarioFiles.parse(ScenarioFiles.readTexts(Path.of("docs/examples"))));

        assertThat(new ScenarioRunner(100_000).failures(withExample, all)).isEmpty();
        assertThat(withExample.ruleNames()).contains("A 4K source also gets a 2160p AV1 rung");
    }

    @Test
    void aFailingExpectationSaysWhichOneFailed() throws RuleSetRejected {
        List<Scenario> wrong = ScenarioFiles.parse(java.util.Map.of("scenarios/wrong.yaml", """
                scenario: Expects the wrong task
                when:
                  - MezzanineArrived: {id: a, source: a.mov, priority: 50, chunkSeconds: 4,
                      ladder: [{name: r, codec: avc, width: 640, height: 360, crf: 23}]}
                expect:
                  tasks:
                    - {type: ENCODE_CHUNK, rendition: r}
                  asset: COMPLETE
                """));

        List<RuleError> failures = new ScenarioRunner(100_000).failures(rules, wrong);

        assertThat(failures).extracting(RuleError::message).containsExactly(
                "scenario 'Expects the wrong task': expected 1 x ENCODE_CHUNK rendition r, the rules emitted 0",
                "scenario 'Expects the wrong task': unexpected task PROBE from 'Probe a new mezzanine'",
                "scenario 'Expects the wrong task': expected the asset COMPLETE, it is PROBING");
        assertThat(failures).extracting(RuleError::file).containsOnly("scenarios/wrong.yaml");
    }

    @Test
    void aTypoInAScenarioIsReportedNotIgnored() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioFiles.parse(java.util.Map.of(
                "scenarios/typo.yaml", """
                        scenario: Has a typo
                        when:
                          - Probe: {frame: 10}
                        expect:
                          tasks: []
                        """)))
                .isInstanceOf(RuleSetRejected.class)
                .hasMessageContaining("scenarios/typo.yaml")
                .hasMessageContaining("when[0] Probe")
                .hasMessageContaining("frame");
    }
}
