package dev.encodeflow.api;

import dev.encodeflow.facts.FactIngest;
import dev.encodeflow.facts.FactRequest;
import dev.encodeflow.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INGEST)
    public Response post(FactRequest body) {
        if (body != null && !(body instanceof FactRequest.AboutAsset) && !caller.hasRole(Roles.OPERATOR)) {
            throw ApiException.forbidden("a fact about the whole catalog needs the " + Roles.OPERATOR + " role");
        }
        admission.fact(body);
        return Response.accepted(ingest.record(body)).build();
    }
}
