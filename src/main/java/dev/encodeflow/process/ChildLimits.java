package dev.encodeflow.process;

/**
 * Resource limits every ffmpeg and ffprobe child runs under (applied with {@code prlimit}):
 * address space, size of any file it writes, CPU seconds. A decoder bug a hostile file exploits,
 * or a file built to make the decoder allocate or write without end, then ends in a killed child
 * and a failed task, not in a machine out of memory or disk.
 */
public record ChildLimits(long addressSpaceBytes, long fileSizeBytes, long cpuSeconds) {

    /** No limits (tests of the runner itself, tools' version checks). */
    public static final ChildLimits NONE = new ChildLimits(0, 0, 0);

    public boolean any() {
        return addressSpaceBytes > 0 || fileSizeBytes > 0 || cpuSeconds > 0;
    }
}
