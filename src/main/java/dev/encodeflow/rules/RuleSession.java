package dev.encodeflow.rules;

import dev.encodeflow.model.Asset;
import dev.encodeflow.model.ChunkPlan;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.Rendition;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * The rules' working memory for one asset. Facts go in in log order ({@link #apply}); the rules
 * fire until they settle; the outcome comes back as a {@link Decision}. The session is stateful,
 * so a caller that keeps it feeds it only the facts it has not seen: handling one more "chunk
 * encoded" costs the same however many chunks the asset has.
 *
 * <p>Not thread-safe: one evaluation at a time (the caller holds the asset's row lock).
 */
public final class RuleSession implements AutoCloseable {

    private final RuleSet ruleSet;
    private final KieSession session;
    private final Emit emit;
    private final int maxFirings;
    private final Map<String, Rendition> renditions = new LinkedHashMap<>();
    private final Map<String, Integer> firedByRule = new TreeMap<>();
    private final List<Decision.Change> changes = new ArrayList<>();
    /** The state each tracked fact had when last seen, to tell a state change from other updates. */
    private final Map<Object, String> knownStates = new java.util.IdentityHashMap<>();
    /** What the last decision said of each rendition, to report only what changed since. */
    private final Map<String, Decision.RenditionStatus> reported = new java.util.HashMap<>();
    private Integer reportedChunksTotal;
    private Asset asset;
    private Probe probe;
    private ChunkPlan plan;
    private long lastSeq;

    RuleSession(RuleSet ruleSet, int maxFirings) {
        this.ruleSet = ruleSet;
        this.maxFirings = maxFirings;
        this.session = ruleSet.kieBase().newKieSession();
        this.emit = new Emit(this::renditions);
        session.setGlobal("emit", emit);
        session.addEventListener(new Tracker());
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                emit.firing(event.getMatch().getRule().getName());
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firedByRule.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
            }
        });
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** The sequence number of the last fact this session has seen (0 for none). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Records that the log has no facts up to {@code seq} besides those seen (numbers left unused). */
    public void skipTo(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /**
     * Inserts the facts (which must follow {@link #lastSeq()} in log order), fires the rules and
     * returns what they decided. At most {@code maxFirings} rules fire; a session that hits the
     * limit is reported as a runaway and should be discarded.
     */
    public Decision apply(List<SequencedFact> facts) {
        for (SequencedFact fact : facts) {
            if (fact.seq() <= lastSeq) {
                throw new IllegalArgumentException("fact " + fact.seq() + " is not after " + lastSeq);
            }
            insert(fact.fact());
            lastSeq = fact.seq();
        }
        firedByRule.clear();
        changes.clear();
        int fired = session.fireAllRules(maxFirings);
        return decision(fired, fired >= maxFirings);
    }

    /**
     * Feeds a log one fact at a time, firing after each as the original evaluations did, and
     * merges the outcomes: the final states, every task emitted along the way, all firings. Used
     * to rebuild a session and to compare rule sets over stored assets.
     */
    public Decision replay(List<SequencedFact> log) {
        Decision last = null;
        List<TaskRequest> tasks = new ArrayList<>();
        Map<String, Integer> fired = new TreeMap<>();
        List<Decision.Change> allChanges = new ArrayList<>();
        int firings = 0;
        for (SequencedFact fact : log) {
            last = apply(List.of(fact));
            tasks.addAll(last.tasks());
            allChanges.addAll(last.changes());
            last.rulesFired().forEach((rule, n) -> fired.merge(rule, n, Integer::sum));
            firings += last.firings();
            if (last.runaway()) {
                break;
            }
        }
        if (last == null) {
            last = apply(List.of());
            tasks.addAll(last.tasks());
            fired.putAll(last.rulesFired());
            allChanges.addAll(last.changes());
        }
        // A rebuilt session reports every rendition: what the database holds may be older.
        return new Decision(last.asset(), last.renditions(), last.renditions(), last.probe(), last.chunksTotal(),
                tasks, Map.copyOf(fired), allChanges, firings, last.runaway());
    }

    private void insert(Object fact) {
        if (fact instanceof MezzanineArrived arrived) {
            // The mezzanine becomes the asset and its renditions: the working state rules move on.
            session.insert(arrived);
            session.insert(new Asset(arrived.id(), arrived.source(), arrived.priority(), arrived.chunkSeconds(),
                    arrived.effectiveDelivery(), arrived.autoChunks(),
                    arrived.ladder().stream().map(rung -> rung.codec().id()).toList()));
            int ordinal = 0;
            for (Rung rung : arrived.ladder()) {
                session.insert(new Rendition(rung, ordinal++));
            }
        } else {
            session.insert(fact);
        }
    }

    private Decision decision(int fired, boolean runaway) {
        Decision.AssetStatus assetStatus = asset == null ? null
                : new Decision.AssetStatus(asset.getId(), asset.getState(), asset.getPriority(), asset.getError());
        List<Decision.RenditionStatus> statuses = new ArrayList<>();
        List<Decision.RenditionStatus> changed = new ArrayList<>();
        Integer chunksTotal = plan == null ? null : plan.getChunkCount();
        boolean planChanged = !java.util.Objects.equals(chunksTotal, reportedChunksTotal);
        reportedChunksTotal = chunksTotal;
        for (Rendition r : renditions()) {
            Decision.RenditionStatus status = new Decision.RenditionStatus(r.getName(), r.getOrdinal(), r.getRung(),
                    r.getState(), r.getGeneration(), r.getError(), r.getOutput());
            statuses.add(status);
            if (planChanged || !status.equals(reported.put(r.getName(), status))) {
                changed.add(status);
            }
        }
        return new Decision(assetStatus, statuses, changed, probe, chunksTotal, emit.drain(),
                Map.copyOf(firedByRule), List.copyOf(changes), fired, runaway);
    }

    private Collection<Rendition> renditions() {
        List<Rendition> list = new ArrayList<>(renditions.values());
        list.sort(Comparator.comparingInt(Rendition::getOrdinal));
        return list;
    }

    @Override
    public void close() {
        session.dispose();
    }

    /** Keeps hold of the working-state facts as they come and go, without scanning memory. */
    private final class Tracker implements RuleRuntimeEventListener {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            track(event.getObject(), true);
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            Object object = event.getObject();
            String subject = object instanceof Asset ? "asset"
                    : object instanceof Rendition r ? "rendition " + r.getName() : null;
            if (subject == null) {
                return;
            }
            String state = stateOf(object);
            String before = knownStates.put(object, state);
            if (!state.equals(before)) {
                changes.add(new Decision.Change(subject, before, state, emit.currentRule()));
            }
        }

        /** The state as the history shows it; a new generation counts as a change too. */
        private String stateOf(Object object) {
            if (object instanceof Rendition r) {
                return r.getState() + (r.getGeneration() == 0 ? "" : " (generation " + r.getGeneration() + ")");
            }
            return ((Asset) object).getState().name();
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            track(event.getOldObject(), false);
        }

        private void track(Object object, boolean present) {
            if (present && (object instanceof Rendition || object instanceof Asset)) {
                knownStates.put(object, stateOf(object));
            }
            if (object instanceof Rendition r) {
                if (present) {
                    renditions.put(r.getName(), r);
                } else {
                    renditions.remove(r.getName());
                }
            } else if (object instanceof Asset a) {
                asset = present ? a : null;
            } else if (object instanceof Probe p) {
                probe = present ? p : null;
            } else if (object instanceof ChunkPlan c) {
                plan = present ? c : null;
            }
        }
    }
}
