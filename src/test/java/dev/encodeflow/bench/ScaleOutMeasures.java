package dev.encodeflow.bench;

import dev.encodeflow.faults.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What B7 reads off the processes: CPU of the JVMs, of their JIT compilers and of PostgreSQL; lock waits. */
final class ScaleOutMeasures {

    private ScaleOutMeasures() {
    }

    static double jvmCpu(BenchService service, List<ServiceProcess> others) throws Exception {
        double cpu = service.cpuSeconds()[0];
        for (ServiceProcess other : others) {
            cpu += processCpu(other.pid());
        }
        return cpu;
    }

    /** CPU seconds of the JVMs' JIT compiler threads (each JVM compiles the same hot code). */
    static double jitCpu(BenchService service, List<ServiceProcess> others) {
        double cpu = threadsCpu(service.pid(), "CompilerThre");
        for (ServiceProcess other : others) {
            cpu += threadsCpu(other.pid(), "CompilerThre");
        }
        return cpu;
    }

    static double threadsCpu(long pid, String nameContains) {
        double cpu = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains(nameContains)) {
                        String[] stat = Files.readString(task.resolve("stat")).replaceAll("^.*\\) ", "").split(" ");
                        cpu += (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return cpu;
    }

    /** CPU seconds of every PostgreSQL process on the machine (the server and its backends). */
    static double postgresCpu() {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/postgres"))
                .orElse(false)).mapToDouble(p -> processCpu(p.pid())).sum();
    }

    static double processCpu(long pid) {
        try {
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Samples, every 100 ms, how many backends of the benchmark's database wait on a lock. */
    static final class LockSampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong samples = new AtomicLong();
        final AtomicLong waiting = new AtomicLong();
        private final BenchService service;

        LockSampler(BenchService service) {
            this.service = service;
        }

        @Override
        public void run() {
            String sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + service.database
                    + "' AND wait_event_type = 'Lock'";
            try (Connection c = service.connect(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rows = s.executeQuery(sql)) {
                        rows.next();
                        waiting.addAndGet(rows.getLong(1));
                        samples.incrementAndGet();
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // sampling stops; the mean covers what was sampled
            }
        }

        double mean() {
            return samples.get() == 0 ? 0 : (double) waiting.get() / samples.get();
        }
    }

}
