package dev.encodeflow.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * JSON for the service's own values (facts, specs, views) stored in jsonb columns. These are
 * types we define, so a failure to write or read one is a bug, not bad input: it throws
 * unchecked, naming the type.
 */
@ApplicationScoped
public class JsonText {

    private final ObjectMapper json;

    JsonText(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
