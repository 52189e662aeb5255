package dev.encodeflow.rules;

import dev.encodeflow.model.Assembled;
import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.AudioEncoded;
import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.Validated;
import java.util.ArrayList;
import java.util.List;

/** Test data builders for rule tests: sensible defaults, a test sets only what it is about. */
final class RuleFacts {

    private RuleFacts() {
    }

    static Rung rung(String name) {
        return Rung.of(name, Codec.AVC, 640, 360, 23);
    }

    static MezzanineArrived mezzanine(String id, double chunkSeconds, String... renditions) {
        List<Rung> ladder = new ArrayList<>();
        for (String name : renditions) {
            ladder.add(rung(name));
        }
        return new MezzanineArrived(id, "clips/" + id + ".mov", 50, chunkSeconds, ladder);
    }

    /** A 25 fps source of {@code frames} frames, with or without audio. */
    static Probe probe(long frames, boolean audio) {
        return new Probe(frames / 25.0, frames, 25, 1, 1280, 720, "yuv420p", "h264", audio, audio ? "aac" : null, 0,
                audio ? frames / 25.0 : 0);
    }

    static ChunkEncoded chunkEncoded(String rendition, int generation, int chunk) {
        return new ChunkEncoded(rendition, generation, chunk, 0, 1, "a/.work/" + rendition + "/c" + chunk + ".mp4", 1);
    }

    static AudioEncoded audio() {
        return new AudioEncoded("a/.work/audio.m4a", AudioCodec.AAC, 1);
    }

    static Assembled assembled(String rendition, int generation) {
        return new Assembled(rendition, generation, "a/.work/" + rendition + "/assembled.mp4", 10, "abc");
    }

    static Validated valid(String rendition, int generation) {
        return new Validated(rendition, generation, true, null,
                new Output("a/" + rendition + ".mp4", 10, 100, 4.0, "abc"));
    }
}
