package dev.encodeflow.queue;

import dev.encodeflow.model.TaskType;

/**
 * A task this instance holds. (id, owner, attempt) is the claim: every later write about the task
 * must match it, so a report from a claim that has since been lost changes nothing. {@code slots}
 * is what the task occupies in the claiming pool (its shape, at most the pool's size);
 * {@code backfill}: it was claimed from the backfill lane, so live work waiting may preempt it.
 */
public record ClaimedTask(long id, String assetId, TaskType type, int attempt, int maxAttempts, int priority,
        String rendition, Integer chunk, Integer generation, String payload, String owner, int slots,
        boolean backfill, java.time.Instant queuedAt) {

    public ClaimedTask(long id, String assetId, TaskType type, int attempt, int maxAttempts, int priority,
            String rendition, Integer chunk, Integer generation, String payload, String owner, int slots,
            boolean backfill) {
        this(id, assetId, type, attempt, maxAttempts, priority, rendition, chunk, generation, payload, owner, slots,
                backfill, null);
    }

    public ClaimedTask(long id, String assetId, TaskType type, int attempt, int maxAttempts, int priority,
            String rendition, Integer chunk, Integer generation, String payload, String owner, int slots) {
        this(id, assetId, type, attempt, maxAttempts, priority, rendition, chunk, generation, payload, owner, slots,
                false);
    }

    @Override
    public String toString() {
        return type + "#" + id + " (" + assetId + (rendition == null ? "" : " " + rendition)
                + (chunk == null ? "" : " chunk " + chunk) + ", attempt " + attempt + ")";
    }
}
