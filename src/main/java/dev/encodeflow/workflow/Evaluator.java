package dev.encodeflow.workflow;

import dev.encodeflow.asset.AssetEntity;
import dev.encodeflow.facts.FactLog;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.Decision;
import dev.encodeflow.rules.RuleSession;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RulesConfig;
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
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The evaluation loop: picks an asset with facts the rules have not seen (row-locked, so one
 * evaluation per asset across all instances), feeds the new facts to its rule session, and
 * applies the decision in the same transaction. Facts that arrive while an asset waits are
 * evaluated together (coalescing).
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
    private final EvaluationLog history;
    private final EvaluationSignal signal;
    private final AfterCommit afterCommit;
    private final int maxFirings;
    private final int batch;
    private final Timer evaluations;
    private final Counter factsEvaluated;
    private volatile boolean running;
    private Thread loop;

    Evaluator(EntityManager em, FactLog facts, ActiveRules rules, SessionCache sessions, DecisionApplier applier,
            EvaluationLog history, EvaluationSignal signal, AfterCommit afterCommit, RulesConfig config,
            MeterRegistry meters) {
        this.evaluations = Timer.builder("encodeflow.evaluation").description("Rule evaluation of one asset")
                .register(meters);
        this.factsEvaluated = Counter.builder("encodeflow.evaluation.facts")
                .description("Facts taken in by rule evaluations").register(meters);
        this.history = history;
        this.em = em;
        this.facts = facts;
        this.rules = rules;
        this.sessions = sessions;
        this.applier = applier;
        this.signal = signal;
        this.afterCommit = afterCommit;
        this.maxFirings = config.maxFirings();
        this.batch = Math.max(1, config.evaluationBatch());
    }

    void onStart(@Observes StartupEvent event) {
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
                    signal.waiter().await(POLL);
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
     * Evaluates a batch of pending assets in one transaction (one commit for many assets when
     * many are busy); false when there was none. Assets another evaluator holds are skipped.
     */
    public boolean evaluateNext() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> ids = em.createNativeQuery("""
                    SELECT id FROM asset WHERE fact_seq > evaluated_seq
                    ORDER BY updated_at LIMIT :batch FOR NO KEY UPDATE SKIP LOCKED""")
                    .setParameter("batch", batch).getResultList();
            for (AssetEntity asset : AssetEntity.<AssetEntity>list("id in ?1", ids)) {
                long started = System.nanoTime();
                long facts = asset.factSeq - asset.evaluatedSeq;
                evaluate(asset);
                evaluations.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                factsEvaluated.increment(facts);
            }
            return !ids.isEmpty();
        });
    }

    private void evaluate(AssetEntity asset) {
        RuleSet ruleSet = rules.current();
        RuleSession session = sessions.take(asset.id, ruleSet.version());
        boolean replay = session == null || session.lastSeq() > asset.factSeq;
        if (replay) {
            if (session != null) {
                session.close();
            }
            session = ruleSet.newSession(maxFirings);
        }
        long fromSeq = session.lastSeq() + 1;
        List<SequencedFact> news = facts.readAfter(asset.id, session.lastSeq());
        Decision decision;
        try {
            // A new session rebuilds from the whole log; the tasks it decided the first time come
            // out again and are ignored by the queue (same dedup keys).
            decision = replay ? session.replay(news) : session.apply(news);
        } catch (RuntimeException e) {
            session.close();
            LOG.errorf(e, "Rules failed on asset %s; quarantining it", asset.id);
            String error = "rule evaluation failed: " + rootMessage(e);
            applier.quarantine(asset, error, ruleSet.version());
            history.quarantined(asset.id, fromSeq, asset.factSeq, ruleSet.version(), replay, null, error);
            asset.evaluatedSeq = asset.factSeq;
            return;
        }
        if (decision.runaway()) {
            session.close();
            String busiest = decision.rulesFired().entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                    .map(e -> "'" + e.getKey() + "' x" + e.getValue()).collect(Collectors.joining(", "));
            LOG.errorf("Rules did not settle on asset %s (%s); quarantining it", asset.id, busiest);
            String error = "rules did not settle after " + decision.firings() + " firings (loop guard); most fired: "
                    + busiest;
            applier.quarantine(asset, error, ruleSet.version());
            history.quarantined(asset.id, fromSeq, asset.factSeq, ruleSet.version(), replay, decision, error);
            asset.evaluatedSeq = asset.factSeq;
            return;
        }
        int enqueued = applier.apply(asset, decision, ruleSet.version());
        history.applied(asset.id, fromSeq, asset.factSeq, ruleSet.version(), replay, decision, enqueued);
        asset.evaluatedSeq = asset.factSeq;
        RuleSession evaluated = session;
        afterCommit.onCompletion(() -> sessions.put(asset.id, evaluated), evaluated::close);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
