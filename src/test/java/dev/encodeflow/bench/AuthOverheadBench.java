package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What bearer tokens cost a request: two packaged services side by side, one verifying an RS256
 * token on every request, one without keys, asked the same requests in alternating rounds (so
 * both see the same machine). Requests are the API's cheapest reads and a fact post, where the
 * token's share is largest.
 */
class AuthOverheadBench {

    static final int ROUNDS = 7;
    static final int REQUESTS = 2000;

    @Test
    void tokensCostLittlePerRequest() throws Exception {
        try (BenchService open = new BenchService("auth-off", Map.of("WORKERS_ENABLED", "false"), false);
             BenchService secured = new BenchService("auth-on", Map.of("WORKERS_ENABLED", "false"), true)) {
            open.start();
            secured.start();
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            for (int round = 0; round < ROUNDS + 3; round++) {
                double a = rate(open);
                double b = rate(secured);
                if (round >= 3) {
                    // The first rounds warm both JVMs up.
                    off.add(a);
                    on.add(b);
                }
            }
            double ratio = Stats.median(on) / Stats.median(off);
            new BenchReport("b2-auth-overhead", "Bearer tokens: cost per request")
                    .line("Two packaged services on one machine, one verifying an RS256 bearer token (issuer, expiry, "
                            + "signature, groups to roles) on every request, one without keys (anonymous on loopback); "
                            + REQUESTS + " sequential requests per round (`GET /api/v1/assets/none` answered 404 after "
                            + "authorization, and `GET /api/v1/rules`), " + ROUNDS + " alternating rounds after three warm-up "
                            + "rounds.")
                    .line("")
                    .line("| service | requests/s (median) | rounds |")
                    .line("| --- | ---: | --- |")
                    .line(String.format(Locale.ROOT, "| no keys | %.0f | %s |", Stats.median(off), off))
                    .line(String.format(Locale.ROOT, "| bearer tokens | %.0f | %s |", Stats.median(on), on))
                    .line("")
                    .line(String.format(Locale.ROOT, "Ratio tokens / no keys: **%.2f**.", ratio))
                    .write();
            assertThat(ratio).isGreaterThan(0.5);
        }
    }

    private static double rate(BenchService service) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            int status = service.status(i % 2 == 0 ? "/api/v1/assets/none" : "/api/v1/rules");
            assertThat(status).isIn(200, 404);
        }
        return REQUESTS / ((System.nanoTime() - started) / 1e9);
    }
}
