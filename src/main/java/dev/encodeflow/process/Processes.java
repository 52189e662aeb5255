package dev.encodeflow.process;

import dev.encodeflow.media.MediaConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one process runner of this instance: its children die with it and run under the configured limits. */
public class Processes {

    @Produces
    @Singleton
    ProcessRunner processRunner(MediaConfig media) {
        MediaConfig.ChildLimits limits = media.childLimits();
        return ProcessRunner.withParentDeathSignal(new ChildLimits(limits.addressSpaceMb() << 20,
                limits.fileSizeMb() << 20, limits.cpu().toSeconds()));
    }
}
