package dev.encodeflow.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.WorkersOff;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The "evaluate this asset" marker survives an append that races the evaluator's delete, in
 * either order (migration V5): the evaluator deletes only markers not raised past what it
 * evaluated, and PostgreSQL re-checks that against a concurrent upsert's row. Two real
 * connections play the writer and the evaluator with the statements the service uses, on a copy
 * of the marker table (the service's own evaluator, running in this profile, would otherwise
 * take part in the race).
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class EvaluationMarkerRaceTest {

    static final String UPSERT = """
            INSERT INTO marker_race (asset_id, up_to, since) VALUES (?, ?, now())
            ON CONFLICT (asset_id) DO UPDATE SET up_to = EXCLUDED.up_to""";
    static final String DELETE = """
            DELETE FROM marker_race p USING unnest(?::text[], ?::bigint[]) AS d(asset_id, up_to)
            WHERE p.asset_id = d.asset_id AND p.up_to <= d.up_to""";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAppendInFlightKeepsTheMarkerTheEvaluatorWantsToDelete() throws Exception {
        String asset = assetWithMarker(1);
        try (Connection writer = dataSource.getConnection(); Connection evaluator = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            evaluator.setAutoCommit(false);
            upsert(writer, asset, 2);
            // The evaluator evaluated up to 1 and deletes: it waits for the writer's row lock.
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(() -> delete(evaluator, asset, 1));
            Thread.sleep(300);
            assertThat(deleted).isNotDone();
            writer.commit();
            assertThat(deleted.get(10, TimeUnit.SECONDS)).as("rows deleted after the re-check").isZero();
            evaluator.commit();
        }
        assertThat(marker(asset)).isEqualTo(2);
    }

    @Test
    void anAppendAfterTheEvaluatorsDeleteRaisesANewMarker() throws Exception {
        String asset = assetWithMarker(1);
        try (Connection writer = dataSource.getConnection(); Connection evaluator = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            evaluator.setAutoCommit(false);
            assertThat(delete(evaluator, asset, 1)).isEqualTo(1);
            // The writer's upsert meets the uncommitted delete and waits for it.
            CompletableFuture<Void> upserted = CompletableFuture.runAsync(() -> upsert(writer, asset, 2));
            Thread.sleep(300);
            assertThat(upserted).isNotDone();
            evaluator.commit();
            upserted.get(10, TimeUnit.SECONDS);
            writer.commit();
        }
        assertThat(marker(asset)).isEqualTo(2);
    }

    @Test
    void theMarkerGoesWhenNothingNewCame() throws Exception {
        String asset = assetWithMarker(3);
        try (Connection evaluator = dataSource.getConnection()) {
            evaluator.setAutoCommit(false);
            assertThat(delete(evaluator, asset, 3)).isEqualTo(1);
            evaluator.commit();
        }
        assertThat(marker(asset)).isNull();
    }

    private String assetWithMarker(long upTo) throws SQLException {
        String id = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS marker_race (LIKE evaluation_pending INCLUDING ALL)");
            s.execute("INSERT INTO marker_race (asset_id, up_to, since) VALUES ('" + id + "', " + upTo + ", now())");
        }
        return id;
    }

    private static void upsert(Connection c, String asset, long upTo) {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            s.setString(1, asset);
            s.setLong(2, upTo);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int delete(Connection c, String asset, long evaluatedUpTo) {
        try (PreparedStatement s = c.prepareStatement(DELETE)) {
            s.setArray(1, c.createArrayOf("text", new Object[] {asset}));
            s.setArray(2, c.createArrayOf("int8", new Object[] {evaluatedUpTo}));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Long marker(String asset) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT up_to FROM marker_race WHERE asset_id = ?")) {
            s.setString(1, asset);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }
}
