package dev.encodeflow.bench;

import static dev.encodeflow.bench.ScaleOutMeasures.jitCpu;
import static dev.encodeflow.bench.ScaleOutMeasures.jvmCpu;
import static dev.encodeflow.bench.ScaleOutMeasures.postgresCpu;

import dev.encodeflow.faults.ServiceProcess;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B7's throughput part: B3's batch (simulated encoder) with 1, 2 and 3 worker instances on one
 * PostgreSQL.
 *
 * <p>Replicas (the default): the instances are started and warmed up together, then every round
 * measures each configuration once, in an order that rotates from round to round, the instances
 * not in it stopped with SIGSTOP while the queue is empty (a stopped JVM uses no CPU and holds no
 * task; it is the same as one not started, without a new JVM's JIT warm-up in the figure). Each
 * configuration's ratio to one instance is taken within a round, so drifts of this shared machine
 * between rounds cancel out; the report gives the median of the rounds' ratios and their range.
 *
 * <p>Split ({@code -Dbench.slot-mode=split}): 64 slots divided among the instances, each
 * configuration started afresh (slots are fixed at start), one round.
 */
final class ScaleOutThroughput {

    static final int SLOTS = 64;

    record Throughput(int instances, double steady, double overall, double jvmCpu, double jitCpu, double postgresCpu,
            double lockWaiters, long tasks, long commits) {
    }

    private ScaleOutThroughput() {
    }

    /** Every round's measurements, each round in the order it ran. */
    static List<List<Throughput>> replicas(List<Integer> configurations, int rounds, int warmUp, int assets)
            throws Exception {
        int most = configurations.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<List<Throughput>> result = new ArrayList<>();
        try (BenchService service = new BenchService("b7", settings(SLOTS))) {
            Files.writeString(service.in.resolve("sim-80s.mov"), "");
            service.start();
            List<ServiceProcess> others = new ArrayList<>();
            try {
                for (int i = 1; i < most; i++) {
                    ServiceProcess worker = service.instance("b7-worker-" + i, workerSettings(SLOTS));
                    worker.start();
                    others.add(worker);
                }
                batch(service, "warm", warmUp);
                for (int round = 0; round < rounds; round++) {
                    List<Throughput> measured = new ArrayList<>();
                    for (int k = 0; k < configurations.size(); k++) {
                        int instances = configurations.get((k + round) % configurations.size());
                        for (int i = 0; i < others.size(); i++) {
                            signal(others.get(i), i + 1 < instances ? "CONT" : "STOP", service);
                        }
                        measured.add(measure(service, others, instances, "b7-r" + round + "-" + instances, assets));
                    }
                    result.add(measured);
                }
            } finally {
                for (ServiceProcess other : others) {
                    signal(other, "CONT", null);
                    other.terminate();
                }
            }
        }
        return result;
    }

    /** One round: each configuration in a service of its own, 64 slots split among its instances. */
    static List<List<Throughput>> split(List<Integer> configurations, int warmUp, int assets) throws Exception {
        List<Throughput> measured = new ArrayList<>();
        for (int instances : configurations) {
            int[] slots = new int[instances];
            for (int i = 0; i < instances; i++) {
                slots[i] = SLOTS / instances + (i < SLOTS % instances ? 1 : 0);
            }
            try (BenchService service = new BenchService("b7-" + instances, settings(slots[0]))) {
                Files.writeString(service.in.resolve("sim-80s.mov"), "");
                service.start();
                List<ServiceProcess> others = new ArrayList<>();
                try {
                    for (int i = 1; i < instances; i++) {
                        ServiceProcess worker = service.instance("b7-" + instances + "-worker-" + i, workerSettings(slots[i]));
                        worker.start();
                        others.add(worker);
                    }
                    batch(service, "warm", warmUp);
                    measured.add(measure(service, others, instances, "b7", assets));
                } finally {
                    for (ServiceProcess other : others) {
                        other.terminate();
                    }
                }
            }
        }
        return List.of(measured);
    }

    private static Map<String, String> settings(int slots) {
        return Map.of("WORKERS_SIMULATE", "true", "WORKERS_SLOTS", String.valueOf(slots),
                "CLUSTER_WAKE_UPS", System.getProperty("bench.wake-ups", "true"),
                "WORKERS_CLAIM_WITH_OUTCOMES", System.getProperty("bench.claim-with-outcomes", "true"));
    }

    private static Map<String, String> workerSettings(int slots) {
        Map<String, String> settings = new java.util.HashMap<>(settings(slots));
        settings.remove("WORKERS_SIMULATE");
        settings.put("INSTANCE_ROLES", "workers");
        return settings;
    }

    private static Throughput measure(BenchService service, List<ServiceProcess> others, int instances, String prefix,
            int assets) throws Exception {
        double jvmBefore = jvmCpu(service, others);
        double jitBefore = jitCpu(service, others);
        double pgBefore = postgresCpu();
        long commitsBefore = commits(service);
        ScaleOutMeasures.LockSampler locks = new ScaleOutMeasures.LockSampler(service);
        Thread sampler = new Thread(locks);
        sampler.start();
        double[] measured = batch(service, prefix, assets);
        locks.stop.set(true);
        sampler.join();
        return new Throughput(instances, measured[0], measured[1], jvmCpu(service, others) - jvmBefore,
                jitCpu(service, others) - jitBefore, postgresCpu() - pgBefore, locks.mean(), (long) measured[2],
                commits(service) - commitsBefore);
    }

    /**
     * SIGSTOP or SIGCONT an instance. A stop is taken back and tried again while any backend of
     * the database is inside a transaction (the instance might be in one: a stopped transaction
     * would hold its locks for the whole batch).
     */
    private static void signal(ServiceProcess instance, String signal, BenchService service) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(instance.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + instance.pid() + " failed");
            }
            if ("STOP".equals(signal)) {
                Thread.sleep(50); // a statement in flight finishes; its transaction then shows as idle
            }
            if (!"STOP".equals(signal) || service == null || service.count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND state LIKE 'idle in transaction%'") == 0) {
                return;
            }
            new ProcessBuilder("kill", "-CONT", String.valueOf(instance.pid())).start().waitFor();
            Thread.sleep(20);
        }
        throw new IllegalStateException("could not stop " + instance.pid() + " outside a transaction");
    }

    /**
     * {steady, overall, tasks} of a batch of {@code count} assets (B3's batch). Steady is
     * the rate of the middle 80 % of the batch's task completions, from their own finish times
     * (the tenth to the ninetieth percentile): it leaves out the ramp while assets are posted and
     * the tail of the last assets' chains, and, unlike 1 s polling windows, has no quantisation.
     */
    private static double[] batch(BenchService service, String prefix, int count) throws Exception {
        OrchestrationBench.Batch batch = OrchestrationBench.run(service, prefix, count);
        double steady;
        try (var c = service.connect(); var query = c.prepareStatement("SELECT count(*), "
                + "percentile_cont(0.1) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at)), "
                + "percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at)) "
                + "FROM task WHERE asset_id LIKE ? AND state = 'SUCCEEDED'")) {
            query.setString(1, prefix + "-%");
            try (var rows = query.executeQuery()) {
                rows.next();
                steady = 0.8 * rows.getLong(1) / (rows.getDouble(3) - rows.getDouble(2));
            }
        }
        return new double[] {steady, batch.tasks() / batch.seconds(), batch.tasks()};
    }

    /** Transactions committed in the benchmark's database so far (PostgreSQL's statistics). */
    private static long commits(BenchService service) throws Exception {
        Thread.sleep(600); // the statistics collector reports every 500 ms
        return service.count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }
}
