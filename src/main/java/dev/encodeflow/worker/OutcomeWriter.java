package dev.encodeflow.worker;

import dev.encodeflow.facts.FactLog;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.queue.ClaimedTask;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Group commit for task outcomes. Slot threads hand their outcome (a write that needs its
 * asset's lock) to one writer thread, which applies whatever has gathered, up to
 * {@value #MAX_BATCH}, in a single transaction: when tasks finish in bursts, one commit records
 * many of them. A lone outcome is written at once, so nothing waits for a batch to fill. The
 * assets' log rows are locked in id order before any task row, the lock order of the whole
 * service.
 */
@ApplicationScoped
public class OutcomeWriter {

    private static final Logger LOG = Logger.getLogger(OutcomeWriter.class);
    static final int MAX_BATCH = 64;

    /**
     * Claims the next tasks for the slots a batch of successes frees, in the batch's own
     * transaction: a busy pool's cycle is then one commit (these completions and the next claims)
     * instead of two (completions, then a claim once the slots are seen free).
     */
    public interface Refill {
        /** Inside the transaction: a claim for the slots {@code finished} free, or null. */
        TaskQueue.Claim claimFor(List<ClaimedTask> finished);

        /** After the commit, before the finished tasks' threads learn of it: start what was claimed. */
        void started(List<ClaimedTask> finished, TaskQueue.Claim claim);
    }

    private final FactLog facts;
    private final TaskOutcomes outcomes;
    private volatile Refill refill;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;

    OutcomeWriter(FactLog facts, TaskOutcomes outcomes) {
        this.facts = facts;
        this.outcomes = outcomes;
    }

    /**
     * Records a success (the most common outcome by far). Successes gathered in one batch are
     * written with two statements in all, not two per task. False when the claim was lost.
     */
    public boolean succeeded(ClaimedTask task, Object fact) {
        return succeeded(task, fact, 0);
    }

    /** As above, with the CPU seconds the task's media children used. */
    public boolean succeeded(ClaimedTask task, Object fact, double cpuSeconds) {
        return await(enqueue(new Pending<>(task.assetId(), null, new TaskOutcomes.Success(task, fact, cpuSeconds),
                new CompletableFuture<Boolean>())));
    }

    /** Applies a write in a transaction shared with other outcomes; waits for its commit. */
    public <T> T write(String assetId, Supplier<T> write) {
        return await(enqueue(new Pending<>(assetId, write, null, new CompletableFuture<T>())));
    }

    /** Set by this instance's pool when it starts. */
    void refillWith(Refill refill) {
        this.refill = refill;
    }

    private <T> Pending<T> enqueue(Pending<T> pending) {
        ensureStarted();
        queue.add(pending);
        return pending;
    }

    private static <T> T await(Pending<T> pending) {
        try {
            return pending.result().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an outcome", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("recording an outcome took over 5 minutes", e);
        }
    }

    private synchronized void ensureStarted() {
        if (writer == null) {
            writer = new Thread(this::run, "outcome-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Stops the writer. Called by the worker pool at the very end of its stop, once its slot
     * threads are done: their last outcomes (the releases of a graceful stop among them) were
     * written while they waited for them, so nothing is pending.
     */
    void stop() {
        Thread current = writer;
        if (current != null) {
            current.interrupt();
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending<?>> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                writeTogether(batch);
            } catch (RuntimeException e) {
                // One bad write must not fail the others: apply them one by one.
                for (Pending<?> pending : batch) {
                    writeAlone(pending);
                }
            }
        }
    }

    private void writeTogether(List<Pending<?>> batch) {
        Refill current = refill;
        List<ClaimedTask> done = new ArrayList<>();
        TaskQueue.Claim[] next = new TaskQueue.Claim[1];
        List<Object> results = QuarkusTransaction.requiringNew().call(() -> {
            done.clear();
            facts.lockAll(new TreeSet<>(batch.stream().map(Pending::assetId).toList()));
            List<TaskOutcomes.Success> successes = batch.stream().map(Pending::success)
                    .filter(java.util.Objects::nonNull).toList();
            java.util.Set<Long> succeeded = successes.isEmpty() ? java.util.Set.of() : outcomes.succeededAll(successes);
            List<Object> out = new ArrayList<>(batch.size());
            for (Pending<?> pending : batch) {
                out.add(pending.success() != null ? (Object) succeeded.contains(pending.success().task().id())
                        : pending.write().get());
                if (pending.success() != null && succeeded.contains(pending.success().task().id())) {
                    done.add(pending.success().task());
                }
            }
            next[0] = current == null || done.isEmpty() ? null : current.claimFor(done);
            return out;
        });
        if (next[0] != null) {
            current.started(done, next[0]);
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    private void writeAlone(Pending<?> pending) {
        try {
            complete(pending, QuarkusTransaction.requiringNew().call(() -> {
                facts.lock(pending.assetId());
                return pending.success() != null
                        ? outcomes.succeededAll(List.of(pending.success())).contains(pending.success().task().id())
                        : pending.write().get();
            }));
        } catch (RuntimeException e) {
            LOG.debugf("Outcome write failed: %s", e.getMessage());
            pending.result().completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.result().complete((T) result);
    }

    /** An outcome waiting for the writer: a success, or any other write. */
    private record Pending<T>(String assetId, Supplier<T> write, TaskOutcomes.Success success,
            CompletableFuture<T> result) {
    }
}
