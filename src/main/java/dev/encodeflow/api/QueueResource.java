package dev.encodeflow.api;

import dev.encodeflow.db.PlainQueries;
import dev.encodeflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The queue's open work (waiting, running, waiting to be retried) by state, priority band, lane,
 * type and shape, and the tasks that have waited longest. Served by the open-state indexes.
 */
@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queue", description = "Open work in the task queue")
@RolesAllowed(Roles.VIEWER)
public class QueueResource {

    /** Open tasks of one state, band, lane, type and shape, and how long the oldest has waited. */
    public record Group(String state, String band, String lane, String type, int slots, long tasks,
            double oldestSeconds) {
    }

    /** A task waiting to be claimed. */
    public record Waiting(long id, String assetId, String type, String rendition, Integer chunk, int priority,
            String lane, Instant since, double waitedSeconds) {
    }

    public record Queue(List<Group> groups, List<Waiting> oldest) {
    }

    private final PlainQueries plain;

    QueueResource(PlainQueries plain) {
        this.plain = plain;
    }

    @GET
    @Operation(summary = "Open work by state, priority band, lane, type and shape; the 20 tasks waiting longest")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Queue.class)))
    public Queue getQueue() {
        List<Group> groups = new ArrayList<>();
        for (Object[] row : plain.rows("""
                SELECT state, CASE WHEN priority >= 70 THEN 'high' WHEN priority >= 30 THEN 'normal' ELSE 'low' END,
                       CASE lane WHEN 0 THEN 'live' WHEN 1 THEN 'backfill' ELSE 'paused' END, type, slots, count(*),
                       extract(epoch FROM now() - min(coalesce(run_at, created_at)))
                FROM task WHERE state IN ('QUEUED', 'RUNNING', 'FAILED')
                GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5""")) {
            groups.add(new Group((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                    ((Number) row[4]).intValue(), ((Number) row[5]).longValue(),
                    Math.max(0, ((Number) row[6]).doubleValue())));
        }
        List<Waiting> oldest = new ArrayList<>();
        for (Object[] row : plain.rows("""
                SELECT id, asset_id, type, rendition, chunk, priority,
                       CASE lane WHEN 0 THEN 'live' WHEN 1 THEN 'backfill' ELSE 'paused' END, run_at,
                       extract(epoch FROM now() - run_at)
                FROM task WHERE state = 'QUEUED' ORDER BY run_at, id LIMIT 20""")) {
            oldest.add(new Waiting(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                    row[4] == null ? null : ((Number) row[4]).intValue(), ((Number) row[5]).intValue(),
                    (String) row[6], ((Timestamp) row[7]).toInstant(), Math.max(0, ((Number) row[8]).doubleValue())));
        }
        return new Queue(groups, oldest);
    }
}
