package dev.encodeflow.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system, every thread) of a running child, read from /proc/<pid>/stat. A
 * child's times vanish when the JVM reaps it, so they are sampled while it runs: on every read of
 * its output (ffmpeg reports progress twice a second, and a last time just before it exits) and
 * on every watch tick. What a child does after its last sample (writing a trailer, exiting) is
 * not counted.
 */
final class CpuSampler {

    /** USER_HZ: Linux reports these times in ticks of 1/100 s on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path stat;
    private volatile long ticks;

    CpuSampler(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    void sample() {
        try {
            String line = Files.readString(stat);
            // The command name (field 2) may hold spaces and parentheses: count from its end.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long now = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (now > ticks) {
                ticks = now;
            }
        } catch (IOException | RuntimeException e) {
            // Gone (reaped), or no /proc: the last sample stands.
        }
    }

    double seconds() {
        return ticks / TICKS_PER_SECOND;
    }
}
