package dev.encodeflow.workflow;

import dev.encodeflow.cluster.InstanceRoles;
import dev.encodeflow.rules.ActiveRules;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * "Always on" rules: when a rule set comes into force, every stored asset that is not cancelled
 * and was last evaluated under another set ({@code COMPLETE} ones included) is marked for
 * evaluation in the background. The evaluator replays each one's whole log under the new set (a
 * new version never reuses a session), so whatever the new rules imply (a new rendition, a stale
 * one) is applied and recorded in the asset's history with the rule-set version; what they
 * re-emit of the old decisions is ignored by the queue (same dedup keys). Background marks wait
 * behind every asset with new facts, so a rule change never delays live work's evaluation.
 * Also done at start: a rule set changed while the service was down applies the same way.
 */
@ApplicationScoped
public class Reevaluation {

    private static final Logger LOG = Logger.getLogger(Reevaluation.class);

    private final AgroalDataSource dataSource;
    private final ActiveRules rules;
    private final InstanceRoles roles;
    private final EvaluationSignal signal;
    private final Clock clock;

    Reevaluation(AgroalDataSource dataSource, ActiveRules rules, InstanceRoles roles, EvaluationSignal signal,
            Clock clock) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.roles = roles;
        this.signal = signal;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (roles.has(InstanceRoles.EVALUATOR)) {
            markQuietly(rules.current().version());
        }
    }

    void rulesChanged(@Observes ActiveRules.Changed change) {
        if (roles.has(InstanceRoles.EVALUATOR)) {
            markQuietly(change.version());
        }
    }

    private void markQuietly(String version) {
        try {
            int marked = mark(version);
            if (marked > 0) {
                LOG.infof("Rule set %s: %d stored assets marked for re-evaluation in the background", version, marked);
                signal.wake();
            }
        } catch (SQLException e) {
            LOG.warnf("Could not mark stored assets for re-evaluation under rule set %s: %s", version, e.getMessage());
        }
    }

    /**
     * Marks the assets not evaluated under {@code version}; returns how many. One statement; an
     * asset already marked keeps its mark (it is evaluated under the rules in force anyway).
     */
    public int mark(String version) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO evaluation_pending (asset_id, up_to, since, background)
                     SELECT a.id, l.fact_seq, ?, true FROM asset a JOIN asset_log l ON l.asset_id = a.id
                     WHERE a.state <> 'CANCELLED' AND a.rule_set_version IS DISTINCT FROM ?
                     ON CONFLICT (asset_id) DO NOTHING""")) {
            insert.setTimestamp(1, Timestamp.from(clock.instant()));
            insert.setString(2, version);
            return insert.executeUpdate();
        }
    }
}
