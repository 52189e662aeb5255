package dev.encodeflow.api;

import dev.encodeflow.db.PlainQueries;
import dev.encodeflow.security.Roles;
import dev.encodeflow.worker.InstanceId;
import dev.encodeflow.worker.TaskProgress;
import dev.encodeflow.worker.WorkerPool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The worker instances as the queue sees them (every instance that holds running tasks, by its
 * claim owner) with their running tasks, and this instance's own pool: slots and slots busy.
 */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "workers", description = "Worker instances and what they run")
@RolesAllowed(Roles.VIEWER)
public class WorkerResource {

    /**
     * A running task: what, since when, on how many slots, which attempt, and its ffmpeg's last
     * progress report (null before the first, and for tasks that run no ffmpeg): read from memory
     * for this instance's tasks, from what the other instances published (every
     * {@code workers.progress-interval}) for theirs.
     */
    public record Running(long id, String assetId, String type, String rendition, Integer chunk, int slots,
            int attempt, Instant startedAt, double runningSeconds, Live progress) {
    }

    /**
     * Frames written, frames per second, speed against real time, percent of the frames expected
     * (null: unknown), and how old the report is in seconds (0 for this instance's own tasks).
     */
    public record Live(long frame, double fps, double speed, Double percent, double ageSeconds) {
    }

    /** An instance (a claim owner) and the tasks it runs. */
    public record Instance(String owner, int slotsBusy, List<Running> tasks) {
    }

    /** This instance's pool. */
    public record Pool(String owner, int slots, int slotsBusy) {
    }

    public record Workers(Pool self, List<Instance> instances) {
    }

    private final PlainQueries plain;
    private final WorkerPool pool;
    private final InstanceId instance;

    WorkerResource(PlainQueries plain, WorkerPool pool, InstanceId instance) {
        this.plain = plain;
        this.pool = pool;
        this.instance = instance;
    }

    @GET
    @Operation(summary = "Instances with their running tasks, and this instance's slots")
    @APIResponse(responseCode = "200", description = "The workers",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Workers.class)))
    public Workers getWorkers() {
        Map<Long, TaskProgress> progress = pool.progress();
        Map<String, List<Running>> byOwner = new LinkedHashMap<>();
        Map<String, Integer> busy = new LinkedHashMap<>();
        for (Object[] row : plain.rows("""
                SELECT t.lease_owner, t.id, t.asset_id, t.type, t.rendition, t.chunk, t.slots, t.attempts, t.started_at,
                       extract(epoch FROM now() - t.started_at),
                       p.frame, p.fps, p.speed, p.percent, extract(epoch FROM now() - p.updated_at)
                FROM task t LEFT JOIN task_progress p ON p.task_id = t.id AND p.owner = t.lease_owner
                WHERE t.state = 'RUNNING' ORDER BY t.lease_owner, t.started_at, t.id""")) {
            String owner = (String) row[0];
            int slots = ((Number) row[6]).intValue();
            long id = ((Number) row[1]).longValue();
            byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(new Running(id,
                    (String) row[2], (String) row[3], (String) row[4],
                    row[5] == null ? null : ((Number) row[5]).intValue(), slots, ((Number) row[7]).intValue(),
                    row[8] == null ? null : ((Timestamp) row[8]).toInstant(),
                    row[9] == null ? 0 : Math.max(0, ((Number) row[9]).doubleValue()),
                    instance.value().equals(owner) ? live(progress.get(id)) : published(row)));
            busy.merge(owner, slots, Integer::sum);
        }
        List<Instance> instances = new ArrayList<>();
        byOwner.forEach((owner, tasks) -> instances.add(new Instance(owner, busy.get(owner), tasks)));
        return new Workers(new Pool(instance.value(), pool.activeSlots(), pool.busySlots()), instances);
    }

    private static Live live(TaskProgress task) {
        if (task == null) {
            return null;
        }
        var p = task.progress();
        return new Live(p.frame(), p.fps(), p.speed(), task.percent(), 0);
    }

    /** Another instance's task's progress as it last published it (columns 10 to 14), or null. */
    private static Live published(Object[] row) {
        if (row[10] == null) {
            return null;
        }
        return new Live(((Number) row[10]).longValue(), ((Number) row[11]).doubleValue(),
                ((Number) row[12]).doubleValue(), row[13] == null ? null : ((Number) row[13]).doubleValue(),
                Math.max(0, ((Number) row[14]).doubleValue()));
    }
}
