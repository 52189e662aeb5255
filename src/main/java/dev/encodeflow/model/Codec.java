package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The video codecs a rendition may ask for, by the names the public contract uses. */
public enum Codec {
    AVC, HEVC, VP9, AV1;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The codec for a contract name, or null when there is none. */
    @JsonCreator
    public static Codec fromId(String id) {
        for (Codec codec : values()) {
            if (codec.id().equals(id)) {
                return codec;
            }
        }
        return null;
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Codec::id).collect(Collectors.joining(", "));
    }
}
