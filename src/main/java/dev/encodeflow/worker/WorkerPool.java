package dev.encodeflow.worker;

import dev.encodeflow.cluster.InstanceRoles;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.media.MediaTools;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.process.Cancellation;
import dev.encodeflow.process.ProcessFailedException;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.QueueSignal;
import dev.encodeflow.queue.TaskQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * This instance's workers: a fixed number of slots, a dispatcher that claims at most as many
 * tasks as there are free slots (so nothing claimed waits here while another instance idles), a
 * heartbeat that renews the leases of running tasks and stops those whose claim was lost, and a
 * graceful stop that finishes or releases what runs.
 */
@ApplicationScoped
public class WorkerPool {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final WorkerConfig config;
    private final TaskQueue queue;
    private final QueueSignal signal;
    private final TaskOutcomes outcomes;
    private final OutcomeWriter writer;
    private final HandlerRegistry handlers;
    private final MediaTools tools;
    private final InstanceId instance;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    /** Slots occupied by running tasks, and the most ever occupied at once (observed, not assumed). */
    private final AtomicInteger busySlots = new AtomicInteger();
    private final AtomicInteger maxBusySlots = new AtomicInteger();
    private volatile boolean accepting;
    private ExecutorService slots;
    private Thread dispatcher;

    private final InstanceRoles roles;
    private final Preemption preemption;
    private final dev.encodeflow.metrics.TaskMetrics metrics;

    WorkerPool(WorkerConfig config, TaskQueue queue, QueueSignal signal, TaskOutcomes outcomes, OutcomeWriter writer,
            HandlerRegistry handlers, MediaTools tools, InstanceId instance, Clock clock, ObjectMapper json,
            InstanceRoles roles, Preemption preemption, dev.encodeflow.metrics.TaskMetrics metrics) {
        this.metrics = metrics;
        this.roles = roles;
        this.preemption = preemption;
        this.writer = writer;
        this.config = config;
        this.queue = queue;
        this.signal = signal;
        this.outcomes = outcomes;
        this.handlers = handlers;
        this.tools = tools;
        this.instance = instance;
        this.clock = clock;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) throws MediaTools.MissingToolException {
        if (!config.enabled() || !roles.has(InstanceRoles.WORKERS)) {
            LOG.infof("Workers disabled on this instance (workers.enabled=%s, instance.roles=%s)", config.enabled(),
                    roles.roles());
            return;
        }
        List<String> versions = config.simulate() ? List.of("SIMULATED media tasks (benchmark mode)")
                : tools.check();
        reclaimEarlierRun();
        int size = config.effectiveSlots();
        AtomicInteger n = new AtomicInteger();
        slots = Executors.newFixedThreadPool(size, r -> {
            Thread thread = new Thread(r, "worker-slot-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        accepting = true;
        if (config.claimWithOutcomes()) {
            writer.refillWith(new Refiller());
        }
        dispatcher = new Thread(this::dispatchLoop, "worker-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        LOG.infof("Worker pool %s started: %d slots, %s", instance, size, versions.get(0));
    }

    /**
     * Tasks still claimed by this instance's previous run (it crashed or was killed) will never be
     * reported: take them back now instead of waiting for their leases to expire.
     */
    private void reclaimEarlierRun() {
        List<ClaimedTask> held = QuarkusTransaction.requiringNew().call(
                () -> queue.findHeldByEarlierRun(instance.namePrefix(), instance.value()));
        int reclaimed = 0;
        for (ClaimedTask task : held) {
            reclaimed += outcomes.takenBack(task, "the instance running it restarted", false) ? 1 : 0;
        }
        if (reclaimed > 0) {
            LOG.infof("Took back %d tasks this instance's previous run had claimed", reclaimed);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (slots == null) {
            return;
        }
        accepting = false;
        signal.wake();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        for (Running task : running.values()) {
            task.cancellation.cancel("shutting down");
        }
        slots.shutdown();
        try {
            slots.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.stop();
        LOG.infof("Worker pool stopped (%d tasks finished in this run)", finished.get());
    }

    /** Tasks this instance ran to an end since start. */
    public int finishedCount() {
        return finished.get();
    }

    /** Slots occupied now. */
    public int busySlots() {
        return busySlots.get();
    }

    /** The most slots ever occupied at once since start. */
    public int maxBusySlots() {
        return maxBusySlots.get();
    }

    /** The slots this instance runs tasks on: 0 where the workers role is off or the pool is not started. */
    public int activeSlots() {
        return slots == null ? 0 : config.effectiveSlots();
    }

    private void dispatchLoop() {
        int size = config.effectiveSlots();
        while (accepting) {
            try {
                int free = size - busySlots.get();
                TaskQueue.Claim claim = free <= 0 ? new TaskQueue.Claim(List.of(), false)
                        : QuarkusTransaction.requiringNew().call(
                                () -> queue.claim(instance.value(), free, size, clock.instant(), config.lease()));
                List<ClaimedTask> claimed = claim.tasks();
                int claimSlots = claimed.stream().mapToInt(ClaimedTask::slots).sum();
                for (ClaimedTask task : claimed) {
                    maxBusySlots.accumulateAndGet(busySlots.addAndGet(task.slots()), Math::max);
                    start(task, claim.drained(), claimSlots);
                }
                if (claimed.isEmpty() || busySlots.get() >= size) {
                    // Nothing that fits, or every slot busy: live work waiting may take a slot
                    // from backfill (it frees when the stopped task ends, which wakes us);
                    // otherwise sleep until new work or freed slots.
                    if (busySlots.get() < size || !preemption.preemptFor(running.values(), size, claim.liveWaiting())) {
                        awaitWork(size);
                    } else {
                        signal.waiter().await(config.poll());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Claiming tasks failed, retrying shortly: %s", e.getMessage());
                sleep(config.poll());
            }
        }
    }

    /**
     * Sleeps until this instance signals new work or a freed slot. Another instance's work comes
     * without a signal, so every poll interval one plain query (no transaction) looks for queued
     * tasks; a claim is tried only when there are some. An idle pool costs one cheap statement a
     * poll, not a claim transaction.
     */
    private void awaitWork(int size) throws InterruptedException {
        while (accepting && !signal.waiter().await(config.poll())) {
            if (busySlots.get() < size ? queue.anyQueued() : preemption.mayPreempt(running.values(), size)) {
                return;
            }
        }
    }

    private void start(ClaimedTask task, boolean drained, int claimSlots) {
        Running run = new Running(task, new Cancellation(), config.threadsFor(task.slots(), drained, claimSlots),
                new java.util.concurrent.atomic.AtomicBoolean(), System.nanoTime(),
                new java.util.concurrent.atomic.AtomicLong());
        running.put(task.id(), run);
        slots.execute(() -> execute(run));
    }

    /**
     * Claims in the outcome writer's transaction for the slots its successes free
     * ({@link OutcomeWriter.Refill}); the finished tasks hand their slots straight to the claimed
     * ones, so the pool never counts more busy slots than it has.
     */
    private final class Refiller implements OutcomeWriter.Refill {

        @Override
        public TaskQueue.Claim claimFor(List<ClaimedTask> finished) {
            if (!accepting) {
                return null;
            }
            int freed = finished.stream().mapToInt(ClaimedTask::slots).sum();
            return queue.claim(instance.value(), freed, config.effectiveSlots(), clock.instant(), config.lease());
        }

        @Override
        public void started(List<ClaimedTask> finished, TaskQueue.Claim claim) {
            int freed = 0;
            for (ClaimedTask task : finished) {
                Running run = running.get(task.id());
                if (run != null && run.slotsReleased.compareAndSet(false, true)) {
                    freed += task.slots();
                }
            }
            if (claim.liveWaiting()) {
                // The dispatcher decides whether live work may take a slot from backfill.
                signal.wake();
            }
            int taken = claim.tasks().stream().mapToInt(ClaimedTask::slots).sum();
            maxBusySlots.accumulateAndGet(busySlots.addAndGet(taken - freed), Math::max);
            for (ClaimedTask task : claim.tasks()) {
                try {
                    start(task, claim.drained(), taken);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // Stopping: the claim's lease runs out and the rescuer hands the task on.
                    running.remove(task.id());
                    busySlots.addAndGet(-task.slots());
                }
            }
        }
    }

    private void execute(Running run) {
        ClaimedTask task = run.task;
        dev.encodeflow.metrics.TaskMetrics.Run measured = null;
        boolean failedRun = false;
        try {
            TaskHandler handler = handlers.handlerFor(task.type());
            TaskSpec spec = json.readValue(task.payload(), TaskSpec.typeOf(task.type()));
            measured = metrics.started(task, spec);
            if (spec instanceof TaskSpec.EncodeChunk chunk) {
                run.expectedFrames.set(chunk.chunk().frames() / Math.max(1, chunk.frameStep()));
            }
            Object fact = handler.run(new TaskContext(task, spec, run.cancellation, run.threads));
            if (run.cancellation.isCancelled()) {
                stopped(run);
            } else if (Boolean.FALSE.equals(report(() -> writer.succeeded(task, fact, metrics.cpuSecondsNow())))) {
                LOG.infof("%s finished but its claim was lost; its result is dropped", task);
            }
        } catch (TaskFailure failure) {
            failedRun = true;
            failed(run, failure.getMessage(), failure.permanent());
        } catch (ProcessFailedException e) {
            failedRun = true;
            if (run.cancellation.isCancelled()) {
                stopped(run);
            } else {
                failed(run, e.getMessage(), false);
            }
        } catch (Exception e) {
            failedRun = true;
            LOG.errorf(e, "%s failed unexpectedly", task);
            failed(run, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } finally {
            if (measured != null) {
                metrics.ended(measured, run.cancellation.isCancelled() ? "stopped" : failedRun ? "failed" : "succeeded");
            }
            running.remove(task.id());
            if (run.slotsReleased.compareAndSet(false, true)) {
                busySlots.addAndGet(-task.slots());
            }
            finished.incrementAndGet();
            signal.wake();
        }
    }

    private void failed(Running run, String error, boolean permanent) {
        if (run.cancellation.isCancelled()) {
            stopped(run);
            return;
        }
        double cpu = metrics.cpuSecondsNow();
        TaskOutcomes.Failure outcome = report(run.task, () -> outcomes.failed(run.task, error, permanent, cpu));
        if (outcome != null && outcome != TaskOutcomes.Failure.CLAIM_LOST) {
            metrics.failed(run.task, outcome == TaskOutcomes.Failure.RETRY_SCHEDULED);
        }
        LOG.infof("%s failed (%s): %s", run.task, outcome, error);
    }

    /** A task stopped by us: by the shutdown (release it) or because its claim was lost (drop it). */
    private void stopped(Running run) {
        if (!accepting) {
            report(run.task, () -> outcomes.released(run.task));
        }
    }

    /**
     * Reports an outcome, retrying while the database is unreachable. Giving up is safe: the
     * lease expires and the rescuer hands the task to another run.
     */
    private <T> T report(ClaimedTask task, java.util.function.Supplier<T> write) {
        return report(() -> writer.write(task.assetId(), write));
    }

    private <T> T report(java.util.function.Supplier<T> written) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return written.get();
            } catch (RuntimeException e) {
                last = e;
                sleep(Duration.ofMillis(Math.min(5000, 200L << attempt)));
            }
        }
        LOG.errorf("Could not record a task outcome, leaving it to the rescuer: %s", last.getMessage());
        return null;
    }

    /** Renews the leases of running tasks; a task whose claim is gone is stopped. */
    @Scheduled(every = "${workers.heartbeat:PT10S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(running.keySet());
        List<Long> held = QuarkusTransaction.requiringNew().call(() -> queue.renewLeases(instance.value(), ids,
                clock.instant().plus(config.lease())));
        for (Long id : ids) {
            Running run = running.get(id);
            if (run != null && !held.contains(id)) {
                LOG.infof("%s: claim lost (cancelled or rescued), stopping it", run.task);
                run.cancellation.cancel("claim lost");
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A task this pool runs, with the threads its ffmpeg was given at claim time.
     * {@code slotsReleased}: its slots went back to the pool (or on to a task claimed in its place).
     */
    record Running(ClaimedTask task, Cancellation cancellation, int threads,
            java.util.concurrent.atomic.AtomicBoolean slotsReleased, long startedNanos,
            java.util.concurrent.atomic.AtomicLong expectedFrames) {
    }

    /** The last ffmpeg progress of each task this instance runs, by task id (the ops page's Workers view). */
    public Map<Long, TaskProgress> progress() {
        Map<Long, TaskProgress> progress = new java.util.HashMap<>();
        running.forEach((id, run) -> {
            if (run.cancellation.progress() != null) {
                progress.put(id, new TaskProgress(run.cancellation.progress(), run.expectedFrames.get()));
            }
        });
        return progress;
    }
}
