package dev.encodeflow.security;

import dev.encodeflow.api.ErrorBody;
import dev.encodeflow.api.FieldError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any resource sees them, paths and query parameters that cannot be stored or
 * are longer than any identifier the API has: a NUL ({@code %00}) or unpaired surrogate in an id
 * would otherwise reach PostgreSQL, and a megabyte of query string would reach a parser.
 */
public class InputFilter {

    static final int MAX_PATH = 1024;
    static final int MAX_PARAMETER = 1024;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (path.length() > MAX_PATH) {
            return refuse("(path)", "longer than " + MAX_PATH + " characters");
        }
        Optional<String> pathProblem = Text.problem(path);
        if (pathProblem.isPresent()) {
            return refuse("(path)", pathProblem.get());
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true).entrySet()) {
            Optional<String> nameProblem = Text.problem(parameter.getKey());
            if (nameProblem.isPresent()) {
                return refuse("(query)", nameProblem.get());
            }
            for (String value : parameter.getValue()) {
                if (value.length() > MAX_PARAMETER) {
                    return refuse(parameter.getKey(), "longer than " + MAX_PARAMETER + " characters");
                }
                Optional<String> problem = Text.problem(value);
                if (problem.isPresent()) {
                    return refuse(parameter.getKey(), problem.get());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Response> refuse(String field, String message) {
        return Optional.of(Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("invalid request", List.of(new FieldError(field, message)))).build());
    }
}
