package dev.encodeflow.worker;

import dev.encodeflow.media.MediaConfig;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Which shape a task has: chunk encodes by codec and resolution class, validation
 * {@code workers.validate-slots} when it decodes every frame (one when only key frames), everything
 * else one slot.
 */
@ApplicationScoped
public class Shapes {

    private final Map<String, Map<String, ShapeConfig.Shape>> shapes;
    private final int validateSlots;

    Shapes(ShapeConfig config, WorkerConfig workers, MediaConfig media) {
        this.shapes = config.codecs();
        // Decoding only the key frames is light: one slot, whatever a full decode would take.
        this.validateSlots = media.validationDecode() == MediaConfig.ValidationDecode.FULL
                ? Math.max(1, workers.validateSlots()) : 1;
    }

    /** Slots a task needs. */
    public int slotsFor(TaskSpec spec) {
        if (spec instanceof TaskSpec.Validate) {
            // A full decode threads well, and it is on every asset's critical path.
            return validateSlots;
        }
        if (!(spec instanceof TaskSpec.EncodeChunk chunk)) {
            return 1;
        }
        Rung rung = chunk.rung();
        return encodeSlots(rung.codec().id(), rung.width(), rung.height());
    }

    /** Slots one chunk encode of {@code codec} at this picture size takes (its shape). */
    public int encodeSlots(String codec, int width, int height) {
        ShapeConfig.Shape shape = shapes.getOrDefault(codec, Map.of()).get(resolutionClass(width, height));
        return shape == null ? 1 : Math.max(1, shape.slots());
    }

    /** Frames per second one thread encodes a rung at (measured per shape). */
    public double framesPerSecond(Rung rung) {
        ShapeConfig.Shape shape = shapes.getOrDefault(rung.codec().id(), Map.of())
                .get(resolutionClass(rung.width(), rung.height()));
        return shape == null || shape.fps() <= 0 ? 25 : shape.fps();
    }

    /** sd up to 576 lines, hd up to 720, fhd up to 1080, uhd above (by the shorter side). */
    public static String resolutionClass(int width, int height) {
        int lines = Math.min(width, height);
        if (lines <= 576) {
            return "sd";
        }
        if (lines <= 720) {
            return "hd";
        }
        return lines <= 1080 ? "fhd" : "uhd";
    }
}
