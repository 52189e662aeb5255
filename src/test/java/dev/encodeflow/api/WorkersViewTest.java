package dev.encodeflow.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Workers view shows the tasks another instance runs with the ffmpeg progress that instance
 * published (this instance's own progress is read from memory: OpsPageTest watches a real
 * encode's), and a task whose owner never published shows none.
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class WorkersViewTest {

    @Inject
    TaskQueue queue;

    @Inject
    EntityManager em;

    @Test
    void anotherInstancesTasksShowTheProgressItPublished() {
        String asset = "workers-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = "other-instance-" + asset;
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                    VALUES (:id, 'ENCODING', 50, 'x.mov', '{}', 'h', :now, :now)""")
                    .setParameter("id", asset).setParameter("now", Timestamp.from(now)).executeUpdate();
            queue.enqueue(asset, 99, "v1", now, List.of(
                    new NewTask(TaskType.ENCODE_CHUNK, asset + "/c0", "r", 0, 0, "{}", 3, 1, "test rule"),
                    new NewTask(TaskType.ENCODE_CHUNK, asset + "/c1", "r", 1, 0, "{}", 3, 1, "test rule")));
        });
        var claimed = QuarkusTransaction.requiringNew().call(() -> queue.claim(owner, 2, 2, now, Duration.ofMinutes(5)))
                .tasks();
        long reported = claimed.stream().filter(t -> t.chunk() == 0).findFirst().orElseThrow().id();
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    INSERT INTO task_progress (task_id, owner, frame, fps, speed, percent, updated_at)
                    VALUES (:id, :owner, 120, 48.5, 1.94, 40.0, now() - interval '3 seconds')""")
                    .setParameter("id", reported).setParameter("owner", owner).executeUpdate());

            String path = "instances.find { it.owner == '" + owner + "' }";
            given().get("/api/v1/workers").then().statusCode(200)
                    .body(path + ".slotsBusy", equalTo(2))
                    .body(path + ".tasks.find { it.chunk == 0 }.progress.frame", equalTo(120))
                    .body(path + ".tasks.find { it.chunk == 0 }.progress.fps", equalTo(48.5f))
                    .body(path + ".tasks.find { it.chunk == 0 }.progress.percent", equalTo(40.0f))
                    .body(path + ".tasks.find { it.chunk == 0 }.progress.ageSeconds", greaterThanOrEqualTo(3.0f))
                    .body(path + ".tasks.find { it.chunk == 1 }.progress", nullValue());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("DELETE FROM task_progress WHERE owner = :owner").setParameter("owner", owner)
                        .executeUpdate();
                em.createNativeQuery("UPDATE task SET state = 'DEAD', lease_owner = NULL, lease_expires_at = NULL, "
                        + "finished_at = now() WHERE asset_id = :asset").setParameter("asset", asset).executeUpdate();
            });
        }
    }
}
