package dev.encodeflow.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of each fault scenario, written as a Markdown table at the end of the run. */
final class FaultReport {

    /** One scenario's outcome. */
    record Row(String scenario, int submitted, int completed, int failedAsExpected, int lost, int reExecutedTasks,
            int duplicatedResults, int duplicatedOutputs, int orphanFfmpeg, double recoverySeconds, String notes) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("FAULT " + line(row));
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | submitted | completed | failed (expected) | lost | tasks re-executed | results recorded twice"
                + " | outputs published twice | orphan ffmpeg | time to recover (s) | notes |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row row : rows) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# Fault-injection run\n\n" + markdown());
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %s |", r.scenario(),
                r.submitted(), r.completed(), r.failedAsExpected(), r.lost(), r.reExecutedTasks(),
                r.duplicatedResults(), r.duplicatedOutputs(), r.orphanFfmpeg(), r.recoverySeconds(), r.notes());
    }
}
