package dev.encodeflow.worker;

import dev.encodeflow.model.TaskType;

/**
 * Runs one type of task. A handler does the work (ffmpeg, files, a message) and returns the fact
 * that records its result, or null; it never writes task state itself. It throws
 * {@link TaskFailure} for failures it understands, anything else counts as a retryable failure.
 */
public interface TaskHandler {

    TaskType type();

    Object run(TaskContext context) throws Exception;
}
