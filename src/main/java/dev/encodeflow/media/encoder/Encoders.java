package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The encoder function of each codec. */
public final class Encoders {

    private static final Map<Codec, VideoEncoder> BY_CODEC = new EnumMap<>(Codec.class);

    static {
        for (VideoEncoder encoder : List.of(new AvcEncoder(), new HevcEncoder(), new Vp9Encoder(), new Av1Encoder())) {
            BY_CODEC.put(encoder.codec(), encoder);
        }
    }

    private Encoders() {
    }

    public static VideoEncoder of(Codec codec) {
        VideoEncoder encoder = BY_CODEC.get(codec);
        if (encoder == null) {
            throw new IllegalArgumentException("no encoder for " + codec);
        }
        return encoder;
    }
}
