package dev.encodeflow.api;

import dev.encodeflow.backfill.BackfillControl;
import dev.encodeflow.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
@Path("/api/v1/backfills")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class BackfillResource {

    private static final String ID = "[0-9]{1,18}";

    private final BackfillControl backfills;

    BackfillResource(BackfillControl backfills) {
        this.backfills = backfills;
    }

    /** The newest 100 backfills, with their tasks by state. */
    @GET
    public List<BackfillControl.View> list() {
        return backfills.list();
    }

    @GET
    @Path("/{id}")
    public BackfillControl.View get(@PathParam("id") String id) {
        return found(id, backfills.get(parse(id)));
    }

    /** Stops claiming the backfill's tasks (running ones finish); 404 when there is no such backfill. */
    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public BackfillControl.View pause(@PathParam("id") String id) {
        return found(id, backfills.pause(parse(id)));
    }

    /** Claims the backfill's tasks again; 404 when there is no such backfill. */
    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public BackfillControl.View resume(@PathParam("id") String id) {
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
