package dev.encodeflow.process;

/** How a child process ended: its exit code, its standard output and the tail of its errors. */
public record ProcessResult(int exitCode, String stdout, String stderrTail, long millis) {

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
