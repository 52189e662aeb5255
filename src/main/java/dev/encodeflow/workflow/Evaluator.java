package dev.encodeflow.workflow;

import dev.encodeflow.cluster.InstanceRoles;
import dev.encodeflow.facts.FactLog;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.Decision;
import dev.encodeflow.rules.RuleSession;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RulesConfig;
import dev.encodeflow.security.LimitsConfig;
import dev.encodeflow.rules.SequencedFact;
import dev.encodeflow.util.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The evaluation loop: picks assets with facts the rules have not seen, feeds the new facts to
 * their rule sessions, and applies the decisions under the assets' row locks, checking that no
 * other evaluator applied them first. Facts that arrive while an asset waits are evaluated
 * together (coalescing).
 */
@ApplicationScoped
public class Evaluator {

    private static final Logger LOG = Logger.getLogger(Evaluator.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final EntityManager em;
    private final FactLog facts;
    private final ActiveRules rules;
    private final SessionCache sessions;
    private final DecisionApplier applier;
    private final AssetRows assetRows;
    private final EvaluationLog history;
    private final EvaluationSignal signal;
    private final AfterCommit afterCommit;
    private final int maxFirings;
    private final int maxTasks;
    private final int batch;
    private final Timer evaluations;
    private final Counter factsEvaluated;
    private final InstanceRoles roles;
    private final dev.encodeflow.metrics.RuleMetrics ruleMetrics;
    private volatile boolean running;
    private Thread loop;

    Evaluator(EntityManager em, FactLog facts, ActiveRules rules, SessionCache sessions, DecisionApplier applier,
            AssetRows assetRows, EvaluationLog history, EvaluationSignal signal, AfterCommit afterCommit,
            RulesConfig config, LimitsConfig limits, MeterRegistry meters, InstanceRoles roles,
            dev.encodeflow.metrics.RuleMetrics ruleMetrics) {
        this.roles = roles;
        this.ruleMetrics = ruleMetrics;
        this.evaluations = Timer.builder("encodeflow.evaluation")
                .description("Rule evaluation of one asset: its new facts through the rules, not the database work")
                .register(meters);
        this.factsEvaluated = Counter.builder("encodeflow.evaluation.facts")
                .description("Facts taken in by rule evaluations").register(meters);
        this.history = history;
        this.em = em;
        this.facts = facts;
        this.rules = rules;
        this.sessions = sessions;
        this.applier = applier;
        this.assetRows = assetRows;
        this.signal = signal;
        this.afterCommit = afterCommit;
        this.maxFirings = config.maxFirings();
        this.maxTasks = limits.maxTasksPerAsset();
        this.batch = Math.max(1, config.evaluationBatch());
    }

    void onStart(@Observes StartupEvent event) {
        if (!roles.has(InstanceRoles.EVALUATOR)) {
            LOG.infof("Rule evaluation off on this instance (instance.roles=%s)", roles.roles());
            return;
        }
        running = true;
        loop = new Thread(this::run, "rule-evaluator");
        loop.setDaemon(true);
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        signal.waiter().wake();
        if (loop != null) {
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sessions.clear();
    }

    private void run() {
        while (running) {
            try {
                if (!evaluateNext()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or a write failed: the asset stays pending and is
                // evaluated again once things recover.
                LOG.warnf("Rule evaluation failed, retrying shortly: %s", e.getMessage());
                try {
                    signal.waiter().await(POLL);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Sleeps until a fact is appended on this instance. Facts appended by another instance come
     * without a signal: every poll interval one plain query (no transaction) looks for marked
     * assets, so an idle evaluator costs one cheap statement a poll.
     */
    private void awaitWork() throws InterruptedException {
        while (running && !signal.waiter().await(POLL)) {
            if (assetRows.anyPending()) {
                return;
            }
        }
    }

    /**
     * Evaluates a batch of pending assets; false when there was none. Optimistic: the facts are
     * read and the rules run without holding any lock, so workers recording outcomes for these
     * assets never wait on rule evaluation; then one short transaction locks the assets (in id
     * order, the service's lock order), checks that nobody evaluated them meanwhile (another
     * instance), and applies the decisions.
     */
    public boolean evaluateNext() {
        // One rule set for the whole batch: sessions taken, replays and the version recorded agree
        // even if a reload swaps the rules meanwhile.
        RuleSet ruleSet = rules.current();
        List<Pending> pending = QuarkusTransaction.requiringNew().call(() -> readPending(ruleSet));
        if (pending.isEmpty()) {
            return false;
        }
        List<Evaluated> evaluated = new ArrayList<>(pending.size());
        for (Pending asset : pending) {
            evaluated.add(runRules(asset, ruleSet));
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> applyAll(evaluated, ruleSet));
        } catch (RuntimeException e) {
            evaluated.forEach(Evaluated::discard);
            throw e;
        }
        return true;
    }

    /** An asset with facts the rules have not seen: its session and the facts to feed it. */
    private record Pending(String id, long evaluatedSeq, long markedUpTo, RuleSession session, boolean replay,
            List<SequencedFact> facts, boolean background) {
    }

    /** The rules' outcome for one asset, not yet applied. */
    private record Evaluated(Pending asset, Decision decision, String error, long started) {

        long upTo() {
            return asset.facts().isEmpty() ? asset.evaluatedSeq() : asset.facts().get(asset.facts().size() - 1).seq();
        }

        void discard() {
            asset.session().close();
        }
    }

    private List<Pending> readPending(RuleSet ruleSet) {
        List<AssetRows.Marked> marked = assetRows.pending(batch);
        List<Pending> pending = new ArrayList<>(marked.size());
        Map<String, RuleSession> cached = new HashMap<>();
        Map<String, Long> fromSeq = new HashMap<>();
        for (AssetRows.Marked asset : marked) {
            RuleSession session = sessions.take(asset.id(), ruleSet.version());
            if (session != null && session.lastSeq() != asset.evaluatedSeq()) {
                // Evaluated elsewhere meanwhile (or never applied here): rebuild from the log.
                session.close();
                session = null;
            }
            cached.put(asset.id(), session);
            fromSeq.put(asset.id(), session == null ? 0 : asset.evaluatedSeq());
        }
        // Appends to an asset are serialized by its log lock, so the committed facts after a
        // number are always a gapless run: whatever this read sees can be applied as a whole.
        Map<String, List<SequencedFact>> logs = facts.readAfter(fromSeq);
        for (AssetRows.Marked asset : marked) {
            RuleSession session = cached.get(asset.id());
            boolean replay = session == null;
            pending.add(new Pending(asset.id(), asset.evaluatedSeq(), asset.upTo(),
                    replay ? ruleSet.newSession(maxFirings) : session, replay, logs.getOrDefault(asset.id(), List.of()),
                    asset.background()));
        }
        return pending;
    }

    private Evaluated runRules(Pending asset, RuleSet ruleSet) {
        long started = System.nanoTime();
        try {
            // A new session rebuilds from the whole log; the tasks it decided the first time come
            // out again and are ignored by the queue (same dedup keys).
            Decision decision = asset.replay() ? asset.session().replay(asset.facts())
                    : asset.session().apply(asset.facts());
            if (decision.runaway()) {
                String busiest = decision.rulesFired().entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                        .map(e -> "'" + e.getKey() + "' x" + e.getValue()).collect(Collectors.joining(", "));
                LOG.errorf("Rules did not settle on asset %s (%s); quarantining it", asset.id(), busiest);
                return new Evaluated(asset, decision, "rules did not settle after " + decision.firings()
                        + " firings (loop guard); most fired: " + busiest, started);
            }
            long encodes = decision.chunksTotal() == null ? 0
                    : (long) decision.chunksTotal() * Math.max(1, decision.renditions().size());
            if (encodes > maxTasks) {
                LOG.errorf("Asset %s would queue %d chunk encodes; failing it", asset.id(), encodes);
                return new Evaluated(asset, decision, "the plan cuts the source into " + decision.chunksTotal()
                        + " chunks for " + decision.renditions().size() + " renditions, " + encodes + " chunk encodes: "
                        + "more than limits.max-tasks-per-asset (" + maxTasks + "); ask for longer chunks", started);
            }
            for (Decision.RenditionStatus changed : decision.changedRenditions()) {
                // A rung a rule built itself was never checked like a request's: check it before
                // anything reaches ffmpeg.
                String problems = changed.rung() == null ? null
                        : dev.encodeflow.facts.LadderValidator.problemsOf(changed.rung());
                if (problems != null) {
                    LOG.errorf("Rules gave asset %s an invalid rendition '%s' (%s); quarantining it", asset.id(),
                            changed.name(), problems);
                    return new Evaluated(asset, decision, "the rules made rendition '" + changed.name()
                            + "' with an invalid rung: " + problems, started);
                }
            }
            if (decision.asset() == null) {
                // Every asset's log starts with its MezzanineArrived; without it the rules know no
                // asset to decide about. Quarantined, so it does not hold up the rest of the batch.
                LOG.errorf("Asset %s has no MezzanineArrived fact; quarantining it", asset.id());
                return new Evaluated(asset, decision, "the asset's fact log has no MezzanineArrived fact", started);
            }
            return new Evaluated(asset, decision, null, started);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Rules failed on asset %s; quarantining it", asset.id());
            return new Evaluated(asset, null, "rule evaluation failed: " + rootMessage(e), started);
        }
    }

    private void applyAll(List<Evaluated> evaluated, RuleSet ruleSet) {
        // In id order: the asset rows here, and the log locks the applier may take for an asset
        // whose existing tasks it changes, are taken in the service's lock order.
        List<Evaluated> ordered = evaluated.stream()
                .sorted(java.util.Comparator.comparing((Evaluated e) -> e.asset().id())).toList();
        List<String> ids = ordered.stream().map(e -> e.asset().id()).toList();
        Map<String, AssetRows.Row> assets = new HashMap<>();
        for (AssetRows.Row asset : assetRows.lockAll(ids)) {
            assets.put(asset.id, asset);
        }
        List<AssetRows.Row> applied = new ArrayList<>();
        for (Evaluated result : ordered) {
            AssetRows.Row asset = assets.get(result.asset().id());
            if (asset == null || asset.evaluatedSeq != result.asset().evaluatedSeq()) {
                // Another evaluator took these facts in first: its decision stands, ours goes.
                result.discard();
                continue;
            }
            apply(asset, result, ruleSet);
            applied.add(asset);
            evaluations.record(System.nanoTime() - result.started(), java.util.concurrent.TimeUnit.NANOSECONDS);
            factsEvaluated.increment(result.asset().facts().size());
        }
        assetRows.updateAll(applied);
        em.flush();
        // Last in the transaction: it may wait for an append's commit, so nothing may follow
        // that an append could wait for.
        facts.unmark(applied.stream().map(a -> a.id).toList(), applied.stream().map(a -> a.evaluatedSeq).toList());
    }

    private void apply(AssetRows.Row asset, Evaluated result, RuleSet ruleSet) {
        Pending pending = result.asset();
        long fromSeq = pending.replay() ? 1 : pending.evaluatedSeq() + 1;
        long upTo = result.upTo();
        if (upTo < pending.markedUpTo() && !facts.hasAfter(asset.id, upTo)) {
            // Only numbers without facts (repeated deliveries) are left: the rules have seen it all.
            upTo = pending.markedUpTo();
        }
        if (result.error() != null) {
            result.discard();
            long skipTo = Math.max(upTo, pending.markedUpTo());
            applier.quarantine(asset, result.error(), ruleSet.version(), skipTo);
            history.quarantined(asset.id, fromSeq, result.upTo(), ruleSet.version(), pending.replay(),
                    result.decision(), result.error());
            asset.evaluatedSeq = skipTo;
            return;
        }
        int enqueued = applier.apply(asset, result.decision(), ruleSet.version(), pending.background());
        history.applied(asset.id, fromSeq, result.upTo(), ruleSet.version(), pending.replay(), result.decision(),
                enqueued);
        asset.evaluatedSeq = upTo;
        RuleSession session = pending.session();
        session.skipTo(upTo);
        Map<String, Integer> fired = result.decision().rulesFired();
        afterCommit.onCompletion(() -> {
            sessions.put(asset.id, session);
            ruleMetrics.fired(fired);
        }, session::close);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
