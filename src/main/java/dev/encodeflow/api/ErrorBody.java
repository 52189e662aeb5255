package dev.encodeflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of every error response: a sentence, and the fields at fault when there are any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, List<FieldError> details) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, null);
    }
}
