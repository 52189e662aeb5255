package dev.encodeflow.rules.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second wall, tested without the first: code running in the sandbox JVM (a probe, not a
 * rule, so the guard is not in the way) reaches no database, no network, no file of the host,
 * writes nothing, starts nothing; candidates that loop or allocate without end are stopped.
 */
class SandboxIsolationTest {

    private static RuleSandbox sandbox;

    static SandboxConfig config(String mode, Duration timeout) {
        return new SandboxConfig() {
            public String mode() { return mode; }
            public Optional<String> bwrap() { return Optional.empty(); }
            public Duration timeout() { return timeout; }
            public int heapMb() { return 256; }
            public int maxFirings() { return 50_000; }
            public int concurrency() { return 1; }
            public int uid() { return 60999; }
            public Optional<String> workDir() { return Optional.empty(); }
        };
    }

    @BeforeAll
    static void start() {
        sandbox = new RuleSandbox(config("auto", Duration.ofSeconds(30)));
        assumeTrue(sandbox.available(), "no rule sandbox on this machine");
    }

    @Test
    void escapedCodeReachesNothing() throws Exception {
        List<String> lines = probe(sandbox.command());
        assertThat(lines).hasSize(7).allSatisfy(line -> assertThat(line).contains("blocked"));
    }

    @Test
    void theProcessIsolationAloneKeepsTheNetworkAndFilesAway() throws Exception {
        RuleSandbox process = new RuleSandbox(config("process", Duration.ofSeconds(30)));
        List<String> lines = probe(process.command());
        assertThat(lines).filteredOn(l -> l.startsWith("database") || l.startsWith("outside network")
                || l.startsWith("write a file") || l.startsWith("list the service's folder"))
                .hasSize(4).allSatisfy(line -> assertThat(line).contains("blocked"));
    }

    @Test
    void shippedRulesBuildThere() throws Exception {
        var rules = dev.encodeflow.rules.RuleSetCompiler.readDirectory(Path.of("rules"));
        var scenarios = dev.encodeflow.rules.ScenarioFiles.readTexts(Path.of("rules"));
        SandboxProtocol.Response response = sandbox.build(rules, scenarios, 200_000);
        assertThat(response.errors()).isEmpty();
        assertThat(response.ok()).isTrue();
        assertThat(response.ruleNames()).contains("Probe a new mezzanine");
    }

    @Test
    void aCandidateThatAllocatesWithoutEndIsStoppedAndRejected() {
        Map<String, String> drl = new TreeMap<>(Map.of("grow.drl", dev.encodeflow.support.HostileRuleTexts.ALLOCATES_WITHOUT_END));
        Map<String, String> scenario = Map.of("scenarios/grow.yaml", """
                scenario: grows
                when:
                  - MezzanineArrived: {id: a, source: a.mov, priority: 50, chunkSeconds: 4,
                      ladder: [{name: r, codec: avc, width: 640, height: 360, crf: 23}]}
                expect:
                  tasks: []
                """);
        long started = System.nanoTime();
        SandboxProtocol.Response response = sandbox.build(drl, scenario, 200_000);
        assertThat(response.ok()).isFalse();
        assertThat(response.errors().toString()).containsAnyOf("memory", "OutOfMemory", "loop guard");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static List<String> probe(SandboxCommand command) throws Exception {
        Process process = new ProcessBuilder(command.arguments(IsolationProbe.class.getName()))
                .directory(new java.io.File("/tmp")).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(l -> l.contains(": ")).toList();
    }
}
