package dev.encodeflow.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.encodeflow.facts.UnknownAssetException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the contract's JSON error body. Bad input is a 4xx naming the field
 * at fault; anything unexpected is a 500 with an incident id to find the stack trace in the log,
 * never the stack trace itself.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), new ErrorBody(e.getMessage(), e.details()));
    }

    @ServerExceptionMapper
    public Response unknownAsset(UnknownAssetException e) {
        return respond(404, ErrorBody.of(e.getMessage()));
    }

    /** No sandbox for candidate rules here, or all of it busy: the request may succeed later or elsewhere. */
    @ServerExceptionMapper
    public Response sandbox(dev.encodeflow.rules.sandbox.RuleSandbox.Unavailable e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5")
                .entity(ErrorBody.of(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return respond(400, jsonError(e));
    }

    /** Wrong types, unknown fields, unknown fact types (more specific than Quarkus' own mapper). */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return respond(400, jsonError(e));
    }

    @ServerExceptionMapper
    public Response constraints(ConstraintViolationException e) {
        List<FieldError> details = e.getConstraintViolations().stream()
                .map(v -> new FieldError(RequestValidation.fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return respond(400, new ErrorBody("invalid request", details));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(400, jsonError(json));
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String message = switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: this API answers application/json";
            case 413 -> "request too large";
            case 415 -> "unsupported media type: send application/json";
            default -> e.getMessage() == null ? "bad request" : e.getMessage();
        };
        return respond(status, ErrorBody.of(message));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(500, ErrorBody.of("internal error (incident " + incident + ")"));
    }

    public static ErrorBody jsonError(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return new ErrorBody("malformed JSON", List.of(new FieldError("(body)", e.getOriginalMessage())));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            String message;
            if (e instanceof UnrecognizedPropertyException unknown) {
                field = field.isEmpty() ? unknown.getPropertyName() : field;
                message = "unknown field";
            } else if (e instanceof InvalidTypeIdException typeId) {
                field = "type";
                message = typeId.getTypeId() == null ? "is required"
                        : "unknown fact type '" + typeId.getTypeId() + "'";
            } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
                message = "unexpected content after the JSON value";
            } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                message = "must be " + describe(mismatch.getTargetType());
            } else {
                message = e.getOriginalMessage();
            }
            return new ErrorBody("invalid request", List.of(new FieldError(field.isEmpty() ? "(body)" : field, message)));
        }
        return new ErrorBody("malformed JSON", List.of(new FieldError("(body)", e.getOriginalMessage())));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
