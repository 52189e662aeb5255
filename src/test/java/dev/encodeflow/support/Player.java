package dev.encodeflow.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real player: hls.js (npm, in src/test/player/node_modules) in Debian's headless chromium,
 * driven by its chromedriver, playing what a small HTTP server serves from the output root. The
 * page leaves its outcome in {@code window.playerResult}.
 */
public final class Player implements AutoCloseable {

    static final Path PAGE_DIR = Path.of("src/test/player").toAbsolutePath();
    static final Path HLS_JS = PAGE_DIR.resolve("node_modules/hls.js/dist/hls.min.js");

    private final HttpServer server;
    private final ChromeDriver driver;

    public Player(Path mediaRoot) throws IOException {
        installHlsJs();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> serve(exchange, mediaRoot));
        server.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--mute-audio", "--autoplay-policy=no-user-gesture-required");
        // Debian's chromedriver, never one Selenium Manager would download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** Plays {@code manifest} (relative to the media root) and returns the page's outcome. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> play(String manifest, Duration timeout) throws InterruptedException {
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/player.html?src=/media/" + manifest);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object result = ((JavascriptExecutor) driver).executeScript("return window.playerResult;");
            if (result != null) {
                return (Map<String, Object>) result;
            }
            Thread.sleep(200);
        }
        return Map.of("outcome", "timed out", "state", ((JavascriptExecutor) driver).executeScript(
                "const v = document.getElementById('video'); return {t: v.currentTime, d: v.duration, "
                        + "paused: v.paused, ready: v.readyState};"));
    }

    private static void serve(HttpExchange exchange, Path mediaRoot) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file;
        if (path.equals("/player.html")) {
            file = PAGE_DIR.resolve("player.html");
        } else if (path.equals("/hls.min.js")) {
            file = HLS_JS;
        } else if (path.startsWith("/media/")) {
            file = mediaRoot.resolve(path.substring("/media/".length())).normalize();
            if (!file.startsWith(mediaRoot)) {
                file = null;
            }
        } else {
            file = null;
        }
        if (file == null || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", contentType(file.getFileName().toString()));
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        } else if (name.endsWith(".m4s") || name.endsWith(".mp4")) {
            return "video/mp4";
        } else if (name.endsWith(".js")) {
            return "text/javascript";
        } else if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }

    /** hls.js from npm into the test's own folder, unless .ci/run (or an earlier run) put it there. */
    static synchronized void installHlsJs() {
        if (Files.isRegularFile(HLS_JS)) {
            return;
        }
        TestMedia.run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", PAGE_DIR.toString()));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            server.stop(0);
        }
    }
}
