package dev.encodeflow.process;

/**
 * How a child process ended: its exit code, its standard output, the tail of its errors, and
 * the CPU time it used as last sampled from /proc (at its last output or watch tick; 0 where
 * /proc is not there).
 */
public record ProcessResult(int exitCode, String stdout, String stderrTail, long millis, double cpuSeconds) {

    public ProcessResult(int exitCode, String stdout, String stderrTail, long millis) {
        this(exitCode, stdout, stderrTail, millis, 0);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The most telling error line: the last non-empty line of stderr. */
    public String lastErrorLine() {
        String[] lines = stderrTail.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "exit code " + exitCode;
    }
}
