package dev.encodeflow.api;

/** One thing wrong with a request: which field (a JSON path such as {@code ladder[1].crf}) and why. */
public record FieldError(String field, String message) {
}
