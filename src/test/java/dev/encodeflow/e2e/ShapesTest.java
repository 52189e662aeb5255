package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import dev.encodeflow.support.TwoSlotChunks;
import dev.encodeflow.worker.WorkerPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pool packs tasks by shape and never runs more slots than it has. */
@QuarkusTest
@TestProfile(TwoSlotChunks.class)
class ShapesTest {

    @Inject
    EntityManager em;

    @Inject
    WorkerPool pool;

    @Test
    void busySlotsNeverExceedThePoolAndTwoSlotChunksRunAlone() throws Exception {
        String id = newId("shapes");
        create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "chunking", Map.of("seconds", 0.5), "ladder",
                List.of(Map.of("name", "avc", "codec", "avc", "width", 320, "height", 240, "crf", 23, "preset", "fast"),
                        Map.of("name", "hevc", "codec", "hevc", "width", 160, "height", 120, "crf", 30,
                                "preset", "ultrafast"))));

        // Watch the running tasks in the database while the asset encodes.
        List<int[]> samples = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                        SELECT coalesce(sum(slots), 0), count(*) FILTER (WHERE slots = 2), count(*)
                        FROM task WHERE state = 'RUNNING'""").getSingleResult());
                synchronized (samples) {
                    samples.add(new int[] {((Number) row[0]).intValue(), ((Number) row[1]).intValue(),
                            ((Number) row[2]).intValue()});
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        awaitState(id, "COMPLETE");
        done.set(true);
        watcher.join();

        synchronized (samples) {
            assertThat(samples).isNotEmpty();
            assertThat(samples).allSatisfy(s -> assertThat(s[0]).as("busy slots").isLessThanOrEqualTo(2));
            // A two-slot chunk never shares the pool.
            assertThat(samples).filteredOn(s -> s[1] > 0).allSatisfy(s -> assertThat(s[2]).isEqualTo(1));
            assertThat(samples).as("two-slot chunks were seen running").anySatisfy(s -> assertThat(s[1]).isPositive());
        }
        assertThat(pool.maxBusySlots()).isEqualTo(2);
    }
}
