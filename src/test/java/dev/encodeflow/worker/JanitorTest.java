package dev.encodeflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.TestAssets;
import dev.encodeflow.support.TestMedia;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** After a crash, partial outputs of runs that will never finish are removed; those still running stay. */
@QuarkusTest
@TestProfile(WorkersOff.class)
class JanitorTest {

    @Inject
    Janitor janitor;

    @Inject
    TaskQueue queue;

    @Inject
    EntityManager em;

    @Test
    void partialOutputsOfRunsThatAreOverAreRemoved() throws Exception {
        String asset = "janitor-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            TestAssets.insert(em, asset, "ENCODING");
            queue.enqueue(asset, 100, "v", now, List.of(
                    new NewTask(TaskType.ENCODE_CHUNK, asset + "/a", "r", 0, 0, "{}", 3, 1, "test"),
                    new NewTask(TaskType.ENCODE_CHUNK, asset + "/b", "r", 1, 0, "{}", 3, 1, "test")));
        });
        List<ClaimedTask> claimed = QuarkusTransaction.requiringNew().call(
                () -> queue.claim("janitor-test", 2, 2, now, Duration.ofMinutes(10))).tasks();
        assertThat(claimed).hasSize(2);
        ClaimedTask running = claimed.get(0);
        ClaimedTask crashed = claimed.get(1);
        // The second run's owner died: its task went back to the queue.
        QuarkusTransaction.requiringNew().run(() -> queue.takeBack(crashed, "test", false, now, false));

        Path work = Files.createDirectories(TestMedia.OUTPUT.resolve(asset + "/.work/r/g0"));
        Path stillWriting = Files.writeString(work.resolve("chunk-00000.t" + running.id() + "a1.mp4.part"), "x");
        Path orphan = Files.writeString(work.resolve("chunk-00001.t" + crashed.id() + "a1.mp4.part"), "x");
        Path olderAttempt = Files.writeString(work.resolve("chunk-00000.t" + running.id() + "a0.mp4.concat.txt"), "x");
        Path finished = Files.writeString(work.resolve("chunk-00001.t" + crashed.id() + "a1.mp4"), "x");

        assertThat(janitor.sweep()).isGreaterThanOrEqualTo(2);

        assertThat(stillWriting).exists();
        assertThat(orphan).doesNotExist();
        assertThat(olderAttempt).doesNotExist();
        assertThat(finished).as("only partial files are the janitor's business").exists();
    }
}
