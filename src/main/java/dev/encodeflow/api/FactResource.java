package dev.encodeflow.api;

import dev.encodeflow.facts.FactIngest;
import dev.encodeflow.facts.FactRequest;
import dev.encodeflow.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Facts about existing assets (EncodeStale, Cancel, Reprioritize: the ingest role) and about the
 * whole catalog (EncoderUpgraded re-encodes every asset of a codec: the operator role).
 */
@Tag(name = "facts", description = "Facts about assets and the platform, taken in by the rules")
@Path("/api/v1/facts")
@Produces(MediaType.APPLICATION_JSON)
public class FactResource {

    private final FactIngest ingest;
    private final Admission admission;
    private final SecurityIdentity caller;

    FactResource(FactIngest ingest, Admission admission, SecurityIdentity caller) {
        this.ingest = ingest;
        this.admission = admission;
        this.caller = caller;
    }

    @Operation(summary = "Post a fact (EncodeStale, Cancel, Reprioritize; EncoderUpgraded needs operator)")
    @APIResponse(responseCode = "202", description = "Recorded: the rules take it from here (a repeated fact id is acknowledged once)", content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {dev.encodeflow.facts.FactIngest.Recorded.class, dev.encodeflow.facts.EncoderVersions.Upgrade.class})))
    @APIResponse(responseCode = "400", description = "Invalid fact", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No asset with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The asset has no such rendition", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INGEST)
    public Response postFact(FactRequest body) {
        if (body != null && !(body instanceof FactRequest.AboutAsset) && !caller.hasRole(Roles.OPERATOR)) {
            throw ApiException.forbidden("a fact about the whole catalog needs the " + Roles.OPERATOR + " role");
        }
        admission.fact(body);
        return Response.accepted(ingest.record(body)).build();
    }
}
