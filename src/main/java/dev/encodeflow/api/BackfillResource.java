package dev.encodeflow.api;

import dev.encodeflow.backfill.BackfillControl;
import dev.encodeflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/**
 * Backfills: work caused by a rule change or an encoder upgrade, run on the slots live work
 * leaves (docs/always-on.md). Anyone who may read sees them; operators pause and resume them.
 */
@Tag(name = "backfills", description = "Work caused by rule changes and encoder upgrades, run on the slots live work leaves")
@Path("/api/v1/backfills")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class BackfillResource {

    private static final String ID = "[0-9]{1,18}";

    private final BackfillControl backfills;

    BackfillResource(BackfillControl backfills) {
        this.backfills = backfills;
    }

    @Operation(summary = "The newest 100 backfills")
    @APIResponse(responseCode = "200", description = "Backfills with their tasks by state", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackfillControl.View.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    /** The newest 100 backfills, with their tasks by state. */
    @GET
    public List<BackfillControl.View> listBackfills() {
        return backfills.list();
    }

    @Operation(summary = "One backfill")
    @APIResponse(responseCode = "200", description = "The backfill", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackfillControl.View.class)))
    @APIResponse(responseCode = "404", description = "No backfill with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @GET
    @Path("/{id}")
    public BackfillControl.View getBackfill(@PathParam("id") String id) {
        return found(id, backfills.get(parse(id)));
    }

    @Operation(summary = "Pause a backfill")
    @APIResponse(responseCode = "200", description = "Paused", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackfillControl.View.class)))
    @APIResponse(responseCode = "404", description = "No backfill with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    /** Stops claiming the backfill's tasks (running ones finish); 404 when there is no such backfill. */
    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public BackfillControl.View pauseBackfill(@PathParam("id") String id) {
        return found(id, backfills.pause(parse(id)));
    }

    @Operation(summary = "Resume a backfill")
    @APIResponse(responseCode = "200", description = "Resumed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackfillControl.View.class)))
    @APIResponse(responseCode = "404", description = "No backfill with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    /** Claims the backfill's tasks again; 404 when there is no such backfill. */
    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public BackfillControl.View resumeBackfill(@PathParam("id") String id) {
        return found(id, backfills.resume(parse(id)));
    }

    private static long parse(String id) {
        if (id == null || !id.matches(ID)) {
            throw ApiException.notFound("no backfill with this id (ids are numbers)");
        }
        return Long.parseLong(id);
    }

    private static BackfillControl.View found(String id, Optional<BackfillControl.View> view) {
        return view.orElseThrow(() -> ApiException.notFound("no backfill '" + id + "'"));
    }
}
