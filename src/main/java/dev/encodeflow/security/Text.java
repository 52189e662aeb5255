package dev.encodeflow.security;

import java.util.Optional;

/**
 * Text the service can store: PostgreSQL's text types take neither the NUL character nor a
 * UTF-16 surrogate without its pair (JSON's {@code "\ud800"}), so such input is refused at the
 * edge with a 400 naming the field, before it can reach a query and come back as a 500.
 */
public final class Text {

    private Text() {
    }

    /** Why {@code value} cannot be stored, or empty when it can. */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return Optional.of("contains a NUL character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("contains an unpaired UTF-16 surrogate (not valid Unicode)");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("contains an unpaired UTF-16 surrogate (not valid Unicode)");
            }
        }
        return Optional.empty();
    }
}
