package dev.encodeflow.rules;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import dev.encodeflow.cluster.InstanceRoles;
import dev.encodeflow.rules.sandbox.RuleSandbox;
import dev.encodeflow.rules.sandbox.SandboxProtocol;
import org.jboss.logging.Logger;

/**
 * The rule set in force, and the only way to change it. A candidate (the folder, or files sent
 * for validation) is checked by the guard, compiled and run against every scenario, in the rule
 * sandbox; only a candidate that passes all three is compiled here and swapped in, atomically. A broken folder leaves the
 * running rule set in place and is reported as the last attempt. At start-up there is nothing to
 * fall back on, so a bad folder stops the start. An instance that runs workers only (no {@code api},
 * no {@code evaluator} role) never reads the rules and loads none: it starts in seconds less, which
 * is what scaling a worker tier up on queued work waits for.
 */
@Startup
@ApplicationScoped
public class ActiveRules {

    private static final Logger LOG = Logger.getLogger(ActiveRules.class);

    /** What the last load of the folder did. */
    public enum Outcome { LOADED, UNCHANGED, REJECTED }

    /** A load attempt of the folder: when, with which result, and every error when rejected. */
    public record Attempt(Instant at, Outcome outcome, String version, List<RuleError> errors, long millis) {
    }

    /** The rule set in force with the scenarios that vouched for it, and the texts it was built from. */
    public record Active(RuleSet rules, int scenarios, SortedMap<String, String> drl, String scenarioDigest) {
    }

    /** Fired after a new rule set is in force. */
    public record Changed(String previousVersion, String version) {
    }

    /** How long a load of the folder waits for the sandbox while candidates from the API use it. */
    static final java.time.Duration FOLDER_TURN = java.time.Duration.ofMinutes(10);

    private final AtomicReference<Active> current = new AtomicReference<>();
    private final AtomicReference<Attempt> lastAttempt = new AtomicReference<>();
    private final RuleSetCompiler compiler;
    private final ScenarioRunner scenarios;
    private final Clock clock;
    private final Path dir;
    private final Event<Changed> changed;
    private final RuleSandbox sandbox;
    private final int maxFirings;
    private final boolean needed;
    private final CheckedRuleSets checkedSets;

    ActiveRules(RulesConfig config, Clock clock, Event<Changed> changed, RuleSandbox sandbox,
            InstanceRoles roles, CheckedRuleSets checkedSets) throws RuleSetRejected {
        this.checkedSets = checkedSets;
        this.compiler = new RuleSetCompiler(Thread.currentThread().getContextClassLoader(), clock);
        this.scenarios = new ScenarioRunner(config.maxFirings());
        this.maxFirings = config.maxFirings();
        this.clock = clock;
        this.changed = changed;
        this.sandbox = sandbox;
        this.dir = Path.of(config.dir()).toAbsolutePath().normalize();
        this.needed = roles.has(InstanceRoles.API)
                || roles.has(InstanceRoles.EVALUATOR);
        if (!needed) {
            LOG.infof("Rules not loaded: this instance runs %s only (no api or evaluator role)", roles.roles());
            return;
        }
        Attempt first = reload();
        if (first.outcome() == Outcome.REJECTED) {
            throw new RuleSetRejected(first.errors());
        }
    }

    public RuleSet current() {
        Active active = current.get();
        return active == null ? null : active.rules();
    }

    public Active active() {
        return current.get();
    }

    public Attempt lastAttempt() {
        return lastAttempt.get();
    }

    public Path dir() {
        return dir;
    }

    /** False on an instance that runs workers only: it holds no rule set and never reloads. */
    public boolean needed() {
        return needed;
    }

    /** Loads the folder again; swaps only a rule set that compiles and passes its scenarios. */
    public synchronized Attempt reload() {
        long started = System.nanoTime();
        Instant at = clock.instant();
        Attempt attempt;
        try {
            SortedMap<String, String> drl = RuleSetCompiler.readDirectory(dir);
            SortedMap<String, String> scenarioTexts = ScenarioFiles.readTexts(dir);
            Active before = current.get();
            boolean same = before != null && before.drl().equals(drl)
                    && before.scenarioDigest().equals(RuleSetCompiler.version(scenarioTexts));
            Active candidate = same ? before : load(drl, scenarioTexts);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (same) {
                attempt = new Attempt(at, Outcome.UNCHANGED, candidate.rules().version(), List.of(), millis);
            } else {
                current.set(candidate);
                attempt = new Attempt(at, Outcome.LOADED, candidate.rules().version(), List.of(), millis);
                LOG.infof("Rules %s in force from %s: %d files, %d rules, %d scenarios passed, in %d ms",
                        candidate.rules().version(), dir, candidate.rules().files().size(),
                        candidate.rules().ruleNames().size(), candidate.scenarios(), millis);
                if (before != null) {
                    changed.fire(new Changed(before.rules().version(), candidate.rules().version()));
                }
            }
        } catch (RuleSetRejected e) {
            attempt = new Attempt(at, Outcome.REJECTED, null, e.errors(), (System.nanoTime() - started) / 1_000_000);
            LOG.errorf("Rules in %s rejected%s:%n%s", dir, current.get() == null ? "" : " (the running set stays)",
                    e.getMessage());
        }
        lastAttempt.set(attempt);
        return attempt;
    }

    /**
     * A rule set to put in force: checked, compiled and run against its scenarios in the sandbox
     * first (where there is one), then compiled here. Without a sandbox, the folder (which only
     * whoever runs the service can write) is checked by the guard and run here. Scenarios that
     * already passed for the same texts on the same build are not run again (CheckedRuleSets).
     *
     * @throws RuleSetRejected with every compile error, unsafe use and failed expectation
     */
    private Active load(SortedMap<String, String> drl, SortedMap<String, String> scenarioTexts) throws RuleSetRejected {
        String digest = RuleSetCompiler.version(scenarioTexts);
        guardFirst(drl);
        String key = checkedSets.key(drl, scenarioTexts, maxFirings);
        int passedBefore = checkedSets.scenariosFor(key);
        if (passedBefore >= 0) {
            LOG.infof("These rules' %d scenarios passed on this build before: not run again", passedBefore);
            return new Active(compile(drl), passedBefore, drl, digest);
        }
        Active loaded = checkAndCompile(drl, scenarioTexts, digest);
        checkedSets.passed(key, loaded.rules().version(), loaded.scenarios());
        return loaded;
    }

    private Active checkAndCompile(SortedMap<String, String> drl, SortedMap<String, String> scenarioTexts,
            String digest) throws RuleSetRejected {
        if (sandbox.available()) {
            SandboxProtocol.Response checked;
            try {
                checked = sandbox.build(drl, scenarioTexts, maxFirings, FOLDER_TURN);
            } catch (RuleSandbox.Unavailable e) {
                throw new RuleSetRejected(List.of(new RuleError("(rules)", 0, "could not be checked now ("
                        + e.getMessage() + "): the running rules stay; reload to try again")));
            }
            if (!checked.ok()) {
                throw new RuleSetRejected(checked.errors());
            }
            return new Active(compile(drl), checked.scenarios(), drl, digest);
        }
        RuleSet set = compile(drl);
        List<Scenario> parsed = ScenarioFiles.parse(scenarioTexts);
        List<RuleError> failures = scenarios.failures(set, parsed);
        if (!failures.isEmpty()) {
            throw new RuleSetRejected(failures);
        }
        return new Active(set, parsed.size(), drl, digest);
    }

    /**
     * Checks candidate files sent over the API: only in the sandbox, never in the service.
     *
     * @throws RuleSetRejected with every compile error, unsafe use and failed expectation
     * @throws RuleSandbox.Unavailable when this service has no sandbox
     */
    public SandboxProtocol.Response validate(Map<String, String> drl, Map<String, String> scenarioTexts)
            throws RuleSetRejected {
        guardFirst(drl);
        SandboxProtocol.Response checked = sandbox.build(new TreeMap<>(drl), new TreeMap<>(scenarioTexts), maxFirings);
        if (!checked.ok()) {
            throw new RuleSetRejected(checked.errors());
        }
        return checked;
    }

    /** The guard runs here before the sandbox does (again): what it refuses is answered at once. */
    public void guardFirst(Map<String, String> drl) throws RuleSetRejected {
        if (drl.isEmpty()) {
            throw new RuleSetRejected(List.of(new RuleError("(rules)", 0, "no .drl files")));
        }
        List<RuleError> refused = compiler.check(drl);
        if (!refused.isEmpty()) {
            throw new RuleSetRejected(refused);
        }
    }

    public RuleSandbox sandbox() {
        return sandbox;
    }

    public int maxFirings() {
        return maxFirings;
    }

    /** Compiles DRL files (allow-list included), without scenarios and without swapping anything. */
    public RuleSet compile(Map<String, String> drl) throws RuleSetRejected {
        return compiler.compile(drl);
    }

    /** Every failed expectation of the scenarios against a rule set (none when all pass). */
    public List<RuleError> scenarioFailures(RuleSet set, Map<String, String> scenarioTexts) throws RuleSetRejected {
        return scenarios.failures(set, ScenarioFiles.parse(scenarioTexts));
    }
}
