package dev.encodeflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's SQL against a real PostgreSQL, with no worker pool competing for the tasks. */
@QuarkusTest
@TestProfile(WorkersOff.class)
class TaskQueueTest {

    private static final Duration LEASE = Duration.ofMinutes(10);

    @Inject
    TaskQueue queue;

    @Inject
    DueWork due;

    @Inject
    EntityManager em;

    private String asset;
    private Instant now;

    @BeforeEach
    void emptyQueue() {
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        asset = "queue-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM task").executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                    VALUES (:id, 'ENCODING', 50, 'x.mov', '{}', 'h', :now, :now)""")
                    .setParameter("id", asset).setParameter("now", Timestamp.from(now)).executeUpdate();
        });
    }

    private void enqueue(int priority, String... keys) {
        enqueueShaped(priority, 1, keys);
    }

    private void enqueueShaped(int priority, int slots, String... keys) {
        List<NewTask> tasks = new ArrayList<>();
        for (String key : keys) {
            tasks.add(new NewTask(TaskType.ENCODE_CHUNK, asset + "/" + key, "r", 0, 0, "{\"k\": \"" + key + "\"}", 3,
                    slots, "test rule"));
        }
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(asset, priority, "v1", now, tasks));
    }

    private List<ClaimedTask> claim(String owner, int freeSlots) {
        return claim(owner, freeSlots, 64);
    }

    private List<ClaimedTask> claim(String owner, int freeSlots, int poolSlots) {
        return QuarkusTransaction.requiringNew().call(() -> queue.claim(owner, freeSlots, poolSlots, now, LEASE)).tasks();
    }

    private static List<String> keys(List<ClaimedTask> tasks) {
        return tasks.stream().map(t -> t.payload().replaceAll(".*\"k\": ?\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void higherPriorityFirstThenOldestFirst() {
        enqueue(10, "low-1", "low-2");
        enqueue(90, "high-1", "high-2");
        enqueue(50, "mid-1");

        assertThat(keys(claim("w", 10))).containsExactly("high-1", "high-2", "mid-1", "low-1", "low-2");
    }

    @Test
    void aClaimTellsWhetherItLeftTheQueueEmpty() {
        enqueue(50, "c0", "c1", "c2", "c3", "c4");
        TaskQueue.Claim first = QuarkusTransaction.requiringNew().call(() -> queue.claim("w", 2, 2, now, LEASE));
        TaskQueue.Claim second = QuarkusTransaction.requiringNew().call(() -> queue.claim("w", 2, 2, now, LEASE));
        // The last chunk, claimed by itself: the tail that may take the whole pool's cores.
        TaskQueue.Claim last = QuarkusTransaction.requiringNew().call(() -> queue.claim("w", 1, 2, now, LEASE));

        assertThat(keys(first.tasks())).containsExactly("c0", "c1");
        assertThat(first.drained()).isFalse();
        assertThat(keys(second.tasks())).containsExactly("c2", "c3");
        assertThat(second.drained()).isFalse();
        assertThat(keys(last.tasks())).containsExactly("c4");
        assertThat(last.drained()).isTrue();
    }

    @Test
    void aClaimTakesAtMostTheLimitAndNeverTheSameTaskTwice() throws Exception {
        String[] keys = new String[40];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "t" + i;
        }
        enqueue(50, keys);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ClaimedTask>>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = "w" + i;
            claims.add(pool.submit(() -> {
                start.await();
                return claim(owner, 5);
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<ClaimedTask>> claim : claims) {
            List<ClaimedTask> got = claim.get();
            assertThat(got).hasSizeLessThanOrEqualTo(5);
            got.forEach(t -> all.add(t.id()));
        }
        pool.shutdown();
        assertThat(all).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aClaimPacksShapesIntoTheFreeSlotsWithoutSkippingTheHead() {
        enqueueShaped(90, 2, "big");
        enqueueShaped(50, 1, "small-1", "small-2");

        assertThat(claim("w", 1, 2)).as("the big head does not fit one slot; smaller ones wait behind it").isEmpty();
        List<ClaimedTask> big = claim("w", 2, 2);
        assertThat(keys(big)).containsExactly("big");
        assertThat(big.get(0).slots()).isEqualTo(2);
        assertThat(keys(claim("w", 2, 2))).containsExactly("small-1", "small-2");
    }

    @Test
    void aTaskBiggerThanThePoolTakesTheWholePool() {
        enqueueShaped(50, 8, "huge");

        List<ClaimedTask> claimed = claim("w", 2, 2);

        assertThat(keys(claimed)).containsExactly("huge");
        assertThat(claimed.get(0).slots()).isEqualTo(2);
    }

    @Test
    void theSameDedupKeyIsEnqueuedOnce() {
        enqueue(50, "once");
        enqueue(50, "once");

        assertThat(claim("w", 10)).hasSize(1);
    }

    @Test
    void onlyTheCurrentClaimCanCompleteATask() {
        enqueue(50, "a");
        ClaimedTask claimed = claim("w1", 1).get(0);
        ClaimedTask impostor = new ClaimedTask(claimed.id(), asset, claimed.type(), claimed.attempt(), 3, 50, "r", 0, 0,
                "{}", "w2", 1);
        ClaimedTask stale = new ClaimedTask(claimed.id(), asset, claimed.type(), claimed.attempt() - 1, 3, 50, "r", 0,
                0, "{}", "w1", 1);

        assertThat(complete(impostor)).isFalse();
        assertThat(complete(stale)).isFalse();
        assertThat(complete(claimed)).isTrue();
        assertThat(complete(claimed)).as("a second completion changes nothing").isFalse();
        assertThat(state(claimed.id())).isEqualTo("SUCCEEDED");
    }

    @Test
    void aRescuedTaskCannotBeCompletedByItsLateWorker() {
        enqueue(50, "a");
        ClaimedTask first = claim("w1", 1).get(0);
        QuarkusTransaction.requiringNew().run(() -> queue.takeBack(first, "lease expired", false, now.plus(LEASE).plusSeconds(1), true));
        ClaimedTask second = claim("w2", 1).get(0);

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(complete(first)).isFalse();
        assertThat(complete(second)).isTrue();
    }

    @Test
    void aFailedTaskWaitsForItsBackoffThenReturnsAndDiesAfterItsLastAttempt() {
        enqueue(50, "a");
        ClaimedTask claimed = claim("w", 1).get(0);
        Instant retryAt = now.plusSeconds(30);
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.fail(claimed, "boom", retryAt, now, 0))).isTrue();
        assertThat(state(claimed.id())).isEqualTo("FAILED");

        assertThat(QuarkusTransaction.requiringNew().call(() -> due.promoteDueRetries(now.plusSeconds(29)))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> due.promoteDueRetries(now.plusSeconds(31)))).isOne();
        ClaimedTask again = claim("w", 1).get(0);
        assertThat(again.attempt()).isEqualTo(2);

        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.fail(again, "boom", null, now, 0))).isTrue();
        assertThat(state(again.id())).isEqualTo("DEAD");
    }

    @Test
    void aTasksCostIsEveryAttemptsCpuFailedOnesIncluded() {
        enqueue(50, "a");
        ClaimedTask first = claim("w", 1).get(0);
        QuarkusTransaction.requiringNew().run(() -> queue.fail(first, "boom", now, now, 1.5));
        QuarkusTransaction.requiringNew().call(() -> due.promoteDueRetries(now.plusSeconds(1)));
        ClaimedTask second = claim("w", 1).get(0);
        QuarkusTransaction.requiringNew().run(() -> queue.completeAll(List.of(second), Map.of(second.id(), 2.25), now));

        assertThat(((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT cpu_seconds FROM task WHERE id = :id").setParameter("id", second.id()).getSingleResult()))
                .doubleValue()).isEqualTo(3.75);
    }

    @Test
    void theSchemaRefusesIllegalTransitions() {
        enqueue(50, "a");
        ClaimedTask claimed = claim("w", 1).get(0);
        complete(claimed);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE task SET state = 'QUEUED' WHERE id = :id").setParameter("id", claimed.id()).executeUpdate()))
                .hasStackTraceContaining("illegal task state transition SUCCEEDED -> QUEUED");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO task (asset_id, type, state, priority, dedup_key, payload, max_attempts, run_at, rule,
                                  rule_set_version, created_at)
                VALUES (:asset, 'PROBE', 'BORED', 1, 'k', '{}', 1, now(), 'r', 'v', now())""")
                .setParameter("asset", asset).executeUpdate()))
                .hasStackTraceContaining("task_state_check");
    }

    @Test
    void releasingATaskGivesBackItsAttempt() {
        enqueue(50, "a");
        ClaimedTask claimed = claim("w", 1).get(0);

        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.release(claimed))).isTrue();
        assertThat(claim("w", 1).get(0).attempt()).isEqualTo(1);
    }

    @Test
    void aSmallAssetTakesTurnsWithAHugeOneOfTheSamePriority() {
        String[] huge = new String[1000];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = "huge-" + i;
        }
        enqueue(50, huge);
        assertThat(keys(claim("w", 10))).hasSize(10).allMatch(k -> k.startsWith("huge-"));
        String small = anotherAsset();
        enqueueFor(small, 50, "small-probe", "small-encode", "small-notify");

        List<String> next = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            next.addAll(keys(claim("w", 1)));
        }
        // The small asset's turn comes after at most one turn of the huge one, in its own order:
        // not behind the other 990.
        assertThat(next.stream().filter(k -> k.startsWith("small-")).toList())
                .containsExactly("small-probe", "small-encode", "small-notify");
        assertThat(next.indexOf("small-notify")).isLessThan(TaskQueue.FAIR_SHARE_QUANTUM + 3);
        assertThat(next.indexOf("small-probe")).isGreaterThan(0);
    }

    @Test
    void withinATurnTheOldestGoFirst() {
        enqueue(50, "a", "b", "c");
        enqueue(50, "d");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.addAll(keys(claim("w", 1)));
        }
        assertThat(order).containsExactly("a", "b", "c", "d");
    }

    private String anotherAsset() {
        String id = "queue-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                VALUES (:id, 'ENCODING', 50, 'x.mov', '{}', 'h', :now, :now)""")
                .setParameter("id", id).setParameter("now", Timestamp.from(now)).executeUpdate());
        return id;
    }

    private void enqueueFor(String owner, int priority, String... keys) {
        List<NewTask> tasks = new ArrayList<>();
        for (String key : keys) {
            tasks.add(new NewTask(TaskType.ENCODE_CHUNK, owner + "/" + key, "r", 0, 0, "{\"k\": \"" + key + "\"}", 3,
                    1, "test rule"));
        }
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(owner, priority, "v1", now, tasks));
    }

    private boolean complete(ClaimedTask task) {
        return QuarkusTransaction.requiringNew().call(() -> queue.complete(task, now));
    }

    private String state(long id) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT state FROM task WHERE id = :id").setParameter("id", id).getSingleResult());
    }
}
