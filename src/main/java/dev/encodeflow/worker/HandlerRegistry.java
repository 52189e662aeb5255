package dev.encodeflow.worker;

import dev.encodeflow.model.TaskType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;

/**
 * The handler of each task type; every type must have exactly one. With
 * {@code workers.simulate=true} (benchmarks only) media tasks complete without ffmpeg.
 */
@ApplicationScoped
public class HandlerRegistry {

    private final Map<TaskType, TaskHandler> handlers = new EnumMap<>(TaskType.class);

    HandlerRegistry(Instance<TaskHandler> all, WorkerConfig config) {
        for (TaskHandler handler : all) {
            TaskHandler previous = handlers.put(handler.type(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for " + handler.type() + ": "
                        + previous.getClass().getName() + ", " + handler.getClass().getName());
            }
        }
        for (TaskType type : TaskType.values()) {
            if (!handlers.containsKey(type)) {
                throw new IllegalStateException("no handler for task type " + type);
            }
            if (config.simulate() && type != TaskType.NOTIFY) {
                handlers.put(type, new SimulatedMedia(type, config.simulateEncodeTime()));
            }
        }
    }

    public TaskHandler handlerFor(TaskType type) {
        return handlers.get(type);
    }
}
