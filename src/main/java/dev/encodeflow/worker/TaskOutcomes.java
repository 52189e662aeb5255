package dev.encodeflow.worker;

import dev.encodeflow.facts.FactLog;
import dev.encodeflow.model.TaskFailed;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.RetryPolicy;
import dev.encodeflow.queue.TaskQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records how a task ended: the conditional state change of the task and the fact the rules will
 * see, in the caller's transaction (the {@link OutcomeWriter} groups many in one, holding the
 * assets' row locks). If the claim was lost meanwhile (cancelled, rescued,
 * completed elsewhere), nothing is recorded: a task may run twice, its result counts once.
 */
@ApplicationScoped
public class TaskOutcomes {

    /** What became of a failed attempt. */
    public enum Failure { RETRY_SCHEDULED, DEAD, CLAIM_LOST }

    private final TaskQueue queue;
    private final FactLog facts;
    private final Clock clock;
    private final RetryPolicy retryPolicy;

    TaskOutcomes(TaskQueue queue, FactLog facts, Clock clock, WorkerConfig config) {
        this.queue = queue;
        this.facts = facts;
        this.clock = clock;
        this.retryPolicy = new RetryPolicy(config.retryBase(), config.retryCap());
    }

    /** A task that succeeded, with its result fact (or none) and the CPU seconds of its media children. */
    public record Success(ClaimedTask task, Object fact, double cpuSeconds) {

        public Success(ClaimedTask task, Object fact) {
            this(task, fact, 0);
        }
    }

    /**
     * Several tasks succeeded: their state changes in one statement and their facts in another,
     * whatever the number of tasks. The assets must be locked by the caller (in id order). Returns
     * the ids whose claim still held; the others' results are dropped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<Long> succeededAll(java.util.List<Success> successes) {
        java.util.Map<Long, Double> cpu = new java.util.HashMap<>();
        successes.forEach(s -> cpu.put(s.task().id(), s.cpuSeconds()));
        java.util.Set<Long> done = queue.completeAll(successes.stream().map(Success::task).toList(), cpu,
                clock.instant());
        facts.appendAll(successes.stream()
                .filter(s -> s.fact() != null && done.contains(s.task().id()))
                .map(s -> new FactLog.NewFact(s.task().assetId(), s.fact(), factKey(s.task())))
                .toList());
        return done;
    }

    /**
     * The attempt failed; a permanent failure or the last attempt dead-letters the task. The CPU
     * seconds the attempt used count in the task's cost.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Failure failed(ClaimedTask task, String error, boolean permanent, double cpuSeconds) {
        Instant now = clock.instant();
        boolean dead = permanent || task.attempt() >= task.maxAttempts();
        Instant retryAt = dead ? null : retryPolicy.nextRunAt(task.attempt(), now, ThreadLocalRandom.current().nextDouble());
        if (!queue.fail(task, error, retryAt, now, cpuSeconds)) {
            return Failure.CLAIM_LOST;
        }
        if (dead) {
            deadLettered(task, error);
            return Failure.DEAD;
        }
        return Failure.RETRY_SCHEDULED;
    }

    /**
     * A task whose worker is gone (its lease expired, or its instance restarted): requeued while it
     * has attempts left, else dead-lettered (and the rules told). Claim-checked, so a completion
     * that got there first wins. False when it did.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean takenBack(ClaimedTask task, String error, boolean onlyIfExpired) {
        facts.lock(task.assetId());
        boolean dead = Rescuer.decide(task) == Rescuer.Decision.DEAD;
        if (!queue.takeBack(task, error, dead, clock.instant(), onlyIfExpired)) {
            return false;
        }
        if (dead) {
            deadLettered(task, error + " (" + task.attempt() + " attempts)");
        }
        return true;
    }

    /** Tells the rules that a task will never succeed. Joins the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deadLettered(ClaimedTask task, String error) {
        facts.append(task.assetId(),
                new TaskFailed(task.type(), task.rendition(), task.chunk(), task.generation(), error), factKey(task));
    }

    /** Puts a task this instance will not finish back in the queue. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean released(ClaimedTask task) {
        return queue.release(task);
    }

    private static String factKey(ClaimedTask task) {
        return "task:" + task.id();
    }
}
