package dev.encodeflow.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the bean constraints of a request body and reports them as field errors with JSON paths,
 * so that they can be merged with checks the annotations cannot express into one 400.
 */
@ApplicationScoped
public class RequestValidation {

    private final Validator validator;

    RequestValidation(Validator validator) {
        this.validator = validator;
    }

    public <T> List<FieldError> violations(T body) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<T> violation : validator.validate(body)) {
            errors.add(new FieldError(fieldOf(violation.getPropertyPath().toString()), violation.getMessage()));
        }
        return errors;
    }

    /** Throws a 400 listing every error, sorted by field, when there are any. */
    public static void reject(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            List<FieldError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparing(FieldError::field));
            throw ApiException.invalid(sorted);
        }
    }

    /** "create.body.ladder[0].<list element>" -> "ladder[0]". */
    static String fieldOf(String propertyPath) {
        String path = propertyPath.replace(".<list element>", "").replace("<list element>", "");
        int body = path.indexOf(".body.");
        if (body >= 0) {
            path = path.substring(body + ".body.".length());
        } else if (path.endsWith(".body")) {
            path = "(body)";
        }
        return path.isEmpty() ? "(body)" : path;
    }
}
