package dev.encodeflow.cluster;

import dev.encodeflow.api.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An instance without the {@code api} role (a worker or evaluator tier) answers every
 * {@code /api/**} request with 503, so a request routed there by mistake is told where it went
 * instead of acting on a tier that was sized and secured for something else.
 */
public class ApiRoleFilter {

    private final InstanceRoles roles;

    ApiRoleFilter(InstanceRoles roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Optional<Response> check(ContainerRequestContext request) {
        if (roles.has(InstanceRoles.API) || !request.getUriInfo().getPath().startsWith("/api")) {
            return Optional.empty();
        }
        return Optional.of(Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("this instance does not serve the API (instance.roles=" + roles.roles() + ")"))
                .build());
    }
}
