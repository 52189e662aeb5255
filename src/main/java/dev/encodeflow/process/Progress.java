package dev.encodeflow.process;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A running ffmpeg's last progress report ({@code -progress pipe:1}: blocks of key=value lines,
 * each ending with {@code progress=continue} or {@code progress=end}): frames written, frames per
 * second, speed against real time, and the output time reached.
 */
public record Progress(long frame, double fps, double speed, double outSeconds, boolean end) {

    /** Turns the bytes of a progress stream into reports, a block at a time. Not thread-safe (one reader). */
    static final class Parser {
        private final Consumer<Progress> sink;
        private final StringBuilder line = new StringBuilder();
        private final Map<String, String> block = new HashMap<>();

        Parser(Consumer<Progress> sink) {
            this.sink = sink;
        }

        void accept(byte[] buffer, int length) {
            String text = new String(buffer, 0, length, StandardCharsets.US_ASCII);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line(line.toString().trim());
                    line.setLength(0);
                } else if (line.length() < 256) {
                    line.append(c);
                }
            }
        }

        private void line(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                return;
            }
            String key = text.substring(0, equals);
            String value = text.substring(equals + 1).trim();
            if (!key.equals("progress")) {
                block.put(key, value);
                return;
            }
            sink.accept(new Progress(number(block.get("frame")), doubleOf(block.get("fps")),
                    doubleOf(strip(block.get("speed"), "x")), doubleOf(block.get("out_time_us")) / 1e6,
                    value.equals("end")));
            block.clear();
        }

        private static String strip(String value, String suffix) {
            return value != null && value.endsWith(suffix) ? value.substring(0, value.length() - suffix.length()) : value;
        }

        private static long number(String value) {
            return (long) Math.max(0, doubleOf(value));
        }

        private static double doubleOf(String value) {
            try {
                return value == null ? 0 : Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
