package dev.encodeflow.api;

import dev.encodeflow.facts.FactIngest;
import dev.encodeflow.facts.FactRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Facts about existing assets: EncodeStale, Cancel, Reprioritize. */
@Path("/api/v1/facts")
@Produces(MediaType.APPLICATION_JSON)
public class FactResource {

    private final FactIngest ingest;
    private final RequestValidation validation;

    FactResource(FactIngest ingest, RequestValidation validation) {
        this.ingest = ingest;
        this.validation = validation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(FactRequest body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "a JSON object is required");
        }
        RequestValidation.reject(validation.violations(body));
        return Response.accepted(ingest.record(body)).build();
    }
}
