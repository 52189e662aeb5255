package dev.encodeflow.api;

import dev.encodeflow.security.Roles;
import dev.encodeflow.ui.LiveFeed;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events for the ops page: each event names the assets that changed and whether the
 * queue did; a heartbeat every 15 s keeps proxies from closing an idle stream.
 */
@Path("/api/v1/live")
@Tag(name = "live", description = "Server-sent events: what changed, for pages that show it live")
@RolesAllowed(Roles.VIEWER)
public class LiveResource {

    private final LiveFeed feed;

    LiveResource(LiveFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Changes as they happen (text/event-stream, one JSON object per event)")
    @APIResponse(responseCode = "200", description = "A stream of changes, endless unless limit is given",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = LiveFeed.Change.class)))
    @APIResponse(responseCode = "400", description = "Invalid limit",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Multi<LiveFeed.Change> streamChanges(@jakarta.ws.rs.QueryParam("limit") String limit) {
        long events = Long.MAX_VALUE;
        if (limit != null) {
            try {
                events = Long.parseLong(limit.trim());
            } catch (NumberFormatException e) {
                events = 0;
            }
            if (events < 1 || events > 1_000_000) {
                throw ApiException.invalid("limit", "must be a whole number from 1 to 1000000 (events before the stream ends)");
            }
        }
        Multi<LiveFeed.Change> heartbeat = Multi.createFrom().ticks().every(Duration.ofSeconds(15))
                .map(tick -> new LiveFeed.Change(List.of(), false, 0, Instant.now()));
        return Multi.createBy().merging().streams(feed.changes(), heartbeat).select().first(events);
    }
}
