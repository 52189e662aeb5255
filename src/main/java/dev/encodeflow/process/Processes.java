package dev.encodeflow.process;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one process runner of this instance. */
public class Processes {

    @Produces
    @Singleton
    ProcessRunner processRunner() {
        return ProcessRunner.withParentDeathSignal();
    }
}
