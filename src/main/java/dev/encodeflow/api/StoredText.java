package dev.encodeflow.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.encodeflow.security.Text;
import java.io.IOException;
import java.util.Optional;

/** Every JSON string (values and object keys) of a request must be text PostgreSQL can store ({@link Text}). */
final class StoredText extends StdScalarDeserializer<String> {

    StoredText() {
        super(String.class);
    }

    static SimpleModule module() {
        return new SimpleModule("stored-text")
                .addDeserializer(String.class, new StoredText())
                .addKeyDeserializer(String.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) throws IOException {
                        return checked(key, context.getParser());
                    }
                });
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return checked(StringDeserializer.instance.deserialize(parser, context), parser);
    }

    private static String checked(String value, JsonParser parser) throws JsonMappingException {
        Optional<String> problem = Text.problem(value);
        if (problem.isPresent()) {
            throw JsonMappingException.from(parser, problem.get());
        }
        return value;
    }
}
