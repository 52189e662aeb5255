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
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The rule set in force, and the only way to change it. A candidate (the folder, or files sent
 * for validation) is compiled, checked against the allow-list and run against every scenario;
 * only a candidate that passes all three is swapped in, atomically. A broken folder leaves the
 * running rule set in place and is reported as the last attempt. At start-up there is nothing to
 * fall back on, so a bad folder stops the start.
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

    /** The rule set in force with the scenarios that vouched for it. */
    public record Active(RuleSet rules, int scenarios) {
    }

    /** Fired after a new rule set is in force. */
    public record Changed(String previousVersion, String version) {
    }

    private final AtomicReference<Active> current = new AtomicReference<>();
    private final AtomicReference<Attempt> lastAttempt = new AtomicReference<>();
    private final RuleSetCompiler compiler;
    private final ScenarioRunner scenarios;
    private final Clock clock;
    private final Path dir;
    private final Event<Changed> changed;

    ActiveRules(RulesConfig config, Clock clock, Event<Changed> changed) throws RuleSetRejected {
        this.compiler = new RuleSetCompiler(Thread.currentThread().getContextClassLoader(), clock);
        this.scenarios = new ScenarioRunner(config.maxFirings());
        this.clock = clock;
        this.changed = changed;
        this.dir = Path.of(config.dir()).toAbsolutePath().normalize();
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

    /** Loads the folder again; swaps only a rule set that compiles and passes its scenarios. */
    public synchronized Attempt reload() {
        long started = System.nanoTime();
        Instant at = clock.instant();
        Attempt attempt;
        try {
            SortedMap<String, String> drl = RuleSetCompiler.readDirectory(dir);
            SortedMap<String, String> scenarioTexts = ScenarioFiles.readTexts(dir);
            Active before = current.get();
            Active candidate = build(drl, scenarioTexts);
            long millis = (System.nanoTime() - started) / 1_000_000;
            boolean same = before != null && before.rules().version().equals(candidate.rules().version())
                    && before.scenarios() == candidate.scenarios();
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
     * Compiles DRL files and runs scenarios against them, without touching the rule set in force.
     *
     * @throws RuleSetRejected with every compile error, unsafe use and failed expectation
     */
    public Active build(Map<String, String> drl, Map<String, String> scenarioTexts) throws RuleSetRejected {
        RuleSet set = compile(drl);
        List<Scenario> parsed = ScenarioFiles.parse(scenarioTexts);
        List<RuleError> failures = scenarios.failures(set, parsed);
        if (!failures.isEmpty()) {
            throw new RuleSetRejected(failures);
        }
        return new Active(set, parsed.size());
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
