package dev.encodeflow.api;

import java.util.List;

/** A request the API refuses, with the HTTP status and the error body to answer. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient List<FieldError> details;

    public ApiException(int status, String message, List<FieldError> details) {
        super(message);
        this.status = status;
        this.details = details == null ? null : List.copyOf(details);
    }

    public static ApiException invalid(List<FieldError> details) {
        return new ApiException(400, "invalid request", details);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, null);
    }

    public static ApiException unprocessable(String message, List<FieldError> details) {
        return new ApiException(422, message, details);
    }

    public int status() {
        return status;
    }

    public List<FieldError> details() {
        return details;
    }
}
