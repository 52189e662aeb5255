package dev.encodeflow.workflow;

import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.RuleSession;
import dev.encodeflow.rules.RulesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rule sessions kept between evaluations, least recently used dropped first. A session is taken
 * out while an evaluation uses it and put back only after its decision committed, so a cached
 * session always matches what the database says the rules have seen. A session of another rule
 * set version is never handed out: the asset is replayed under the new rules instead.
 */
@ApplicationScoped
public class SessionCache {

    private final int capacity;
    private final LinkedHashMap<String, RuleSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    SessionCache(RulesConfig config) {
        this.capacity = Math.max(0, config.sessionCacheSize());
    }

    /** Removes and returns the asset's session if it was made with {@code ruleSetVersion}. */
    public synchronized RuleSession take(String assetId, String ruleSetVersion) {
        RuleSession session = sessions.remove(assetId);
        if (session != null && !session.ruleSet().version().equals(ruleSetVersion)) {
            session.close();
            return null;
        }
        return session;
    }

    public synchronized void put(String assetId, RuleSession session) {
        if (capacity == 0) {
            session.close();
            return;
        }
        RuleSession previous = sessions.put(assetId, session);
        if (previous != null && previous != session) {
            previous.close();
        }
        Iterator<Map.Entry<String, RuleSession>> eldest = sessions.entrySet().iterator();
        while (sessions.size() > capacity && eldest.hasNext()) {
            eldest.next().getValue().close();
            eldest.remove();
        }
    }

    /** A new rule set is in force: sessions of the old one will never be used again. */
    void rulesChanged(@jakarta.enterprise.event.Observes ActiveRules.Changed change) {
        clear();
    }

    public synchronized void clear() {
        sessions.values().forEach(RuleSession::close);
        sessions.clear();
    }

    public synchronized int size() {
        return sessions.size();
    }
}
