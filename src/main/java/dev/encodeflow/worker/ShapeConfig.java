package dev.encodeflow.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Container shapes: what one chunk encode of a codec at a resolution class takes from a worker
 * pool ({@code shapes.<codec>.<class>.slots}, classes sd, hd, fhd, uhd). The defaults in
 * application.properties come from the measurement in docs/shapes.md.
 */
@ConfigMapping(prefix = "shapes")
public interface ShapeConfig {

    @WithParentName
    Map<String, Map<String, Shape>> codecs();

    interface Shape {

        /** CPU slots the task occupies; it is also the thread count given to the encoder. */
        int slots();

        /** Peak memory measured for such an encode, for capacity planning. */
        @WithDefault("0")
        int memoryMb();

        /** Frames per second one thread encodes (measured), for estimates such as rule previews. */
        @WithDefault("25")
        double fps();
    }
}
