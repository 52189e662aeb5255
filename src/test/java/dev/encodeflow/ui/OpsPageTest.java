package dev.encodeflow.ui;

import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.fact;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.Browser;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The ops page in headless Chromium against the running service: every view renders with no
 * console error and its navigation and progress bars are there by role and name; a deep link
 * opens an asset; the page follows an encode live, without reloading; reprioritize and cancel
 * work from the page, after a confirmation.
 */
@QuarkusTest
class OpsPageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL base;

    @jakarta.inject.Inject
    javax.sql.DataSource database;

    @Test
    void everyViewRendersFollowsAnEncodeLiveAndActsOnAnAsset() throws Exception {
        String blocker = newId("page-blocker");
        create(Map.of("id", blocker, "source", TestMedia.generate("page-20s.mp4", List.of("-f", "lavfi", "-i",
                        "testsrc2=size=320x240:rate=25:duration=20", "-c:v", "libx264", "-preset", "ultrafast",
                        "-pix_fmt", "yuv420p")),
                "priority", 100, "chunking", Map.of("seconds", 1.0), "ladder", List.of(rung("b", 320, 240, 30))));
        String waiting = newId("page-waiting");
        String longer = TestMedia.generate("page-60s.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=25:duration=60", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                "yuv420p"));

        try (Browser browser = new Browser()) {
            JavascriptExecutor js = browser.driver;
            for (String view : List.of("assets", "queue", "workers", "rules")) {
                browser.driver.get(base + "#/" + view);
                browser.await(By.cssSelector("main section"), WAIT);
                for (String name : List.of("Assets", "Queue", "Workers", "Rules")) {
                    assertThat(browser.driver.findElement(By.xpath("//nav//a[normalize-space()='" + name + "']"))
                            .isDisplayed()).as(name + " link on " + view).isTrue();
                }
                assertThat(browser.consoleErrors()).as("console errors on " + view).isEmpty();
            }
            browser.driver.get(base + "#/assets");
            browser.await(By.linkText(blocker), WAIT);
            assertThat(browser.driver.findElements(By.cssSelector("[role=progressbar][aria-valuenow]"))).isNotEmpty();
            noHorizontalOverflow(js);

            // A deep link opens the asset; the page then follows the encode without reloading.
            browser.driver.get(base + "#/assets/" + blocker);
            browser.await(By.xpath("//h2[normalize-space()='" + blocker + "']"), WAIT);
            js.executeScript("window.notReloaded = true;");
            browser.awaitText(By.cssSelector("main section .toolbar"), "COMPLETE", Duration.ofSeconds(120));
            assertThat(js.executeScript("return window.notReloaded === true;")).isEqualTo(true);
            int chunks = dev.encodeflow.support.Api.asset(blocker).getInt("renditions[0].chunksTotal");
            assertThat(chunks).isGreaterThan(1);
            assertThat(browser.driver.findElements(By.cssSelector(".grid .cell.SUCCEEDED"))).as("chunk grid").hasSize(chunks);
            assertThat(browser.driver.findElements(By.cssSelector(".gantt .run"))).isNotEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("main table tbody")).getText())
                    .as("the rendition's cost").containsPattern("chunks · [0-9]+\\.[0-9] CPU s").doesNotContain("· 0.0 CPU s");
            noHorizontalOverflow(js);

            // A dead task of a rendition offers Retry: the rendition is encoded again. (A dead copy of
            // a chunk task is written here, through the states the guard allows, in the paused lane
            // so no worker takes it; how tasks die is the queue's tests' business.)
            try (var connection = database.getConnection(); var statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                var inserted = statement.executeQuery("""
                        INSERT INTO task (asset_id, type, state, priority, dedup_key, rendition, chunk, generation, payload,
                                          max_attempts, slots, run_at, rule, rule_set_version, created_at, fair_tag, lane)
                        SELECT asset_id, type, 'QUEUED', priority, dedup_key || '/page-test', rendition, chunk, generation,
                               payload, max_attempts, slots, run_at, rule, rule_set_version, created_at, fair_tag, 2
                        FROM task WHERE id = (SELECT min(id) FROM task WHERE asset_id = '%s' AND type = 'ENCODE_CHUNK')
                        RETURNING id""".formatted(blocker));
                inserted.next();
                long dead = inserted.getLong(1);
                statement.executeUpdate("UPDATE task SET state = 'RUNNING', attempts = 1, lease_owner = 'page-test', "
                        + "lease_expires_at = now() + interval '1 hour', started_at = now() WHERE id = " + dead);
                statement.executeUpdate("UPDATE task SET state = 'DEAD', error = 'simulated for the page', "
                        + "lease_owner = NULL, lease_expires_at = NULL, finished_at = now() WHERE id = " + dead);
                connection.commit();
            }
            browser.driver.navigate().refresh();
            browser.click(By.xpath("//button[normalize-space()='Retry']"), WAIT);
            browser.awaitText(By.id("confirm-text"), "simulated for the page", WAIT);
            browser.click(By.id("confirm-ok"), WAIT);
            browser.awaitText(By.cssSelector("main table tbody"), "generation 1", WAIT);

            // An outside change shows up live; then reprioritize and cancel from the page (the asset
            // has about a minute of encoding to do), watching its ffmpeg on the Workers view.
            create(Map.of("id", waiting, "source", longer, "priority", 1, "chunking", Map.of("seconds", 6.0),
                    // x264 "slower": chunks that run for seconds, so the Workers view has encodes to show.
                    "ladder", List.of(Map.of("name", "w", "codec", "avc", "width", 640, "height", 360, "crf", 30,
                            "preset", "slower"))));
            browser.driver.get(base + "#/assets/" + waiting);
            browser.await(By.xpath("//h2[normalize-space()='" + waiting + "']"), WAIT);
            fact(Map.of("type", "Reprioritize", "assetId", waiting, "priority", 5));
            browser.awaitText(By.cssSelector("main .toolbar"), "priority 5", WAIT);
            browser.type(By.cssSelector("input[aria-label='New priority']"), "77", WAIT);
            browser.click(By.xpath("//button[normalize-space()='Reprioritize']"), WAIT);
            browser.click(By.id("confirm-ok"), WAIT);
            browser.awaitText(By.cssSelector("main .toolbar"), "priority 77", WAIT);
            browser.driver.get(base + "#/workers");
            browser.await(By.cssSelector("[role=progressbar][aria-label='ffmpeg progress'][aria-valuenow]"), WAIT);
            assertThat(publishedProgress()).as("this instance's progress, published for the others").isPositive();
            browser.driver.get(base + "#/assets/" + waiting);
            browser.click(By.xpath("//button[normalize-space()='Cancel']"), WAIT);
            browser.click(By.id("confirm-ok"), WAIT);
            browser.awaitText(By.cssSelector("main .toolbar"), "CANCELLED", WAIT);
            assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        }
    }

    /** Frames of the running encodes this instance published to task_progress (waits up to 20 s). */
    private long publishedProgress() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (var connection = database.getConnection(); var statement = connection.createStatement();
                 var row = statement.executeQuery("SELECT COALESCE(max(p.frame), 0) FROM task_progress p "
                         + "JOIN task t ON t.id = p.task_id AND t.lease_owner = p.owner WHERE t.state = 'RUNNING'")) {
                row.next();
                if (row.getLong(1) > 0 || System.nanoTime() > deadline) {
                    return row.getLong(1);
                }
            }
            Thread.sleep(200);
        }
    }

    /** No table wider than the window at 1,280 px. */
    private static void noHorizontalOverflow(JavascriptExecutor js) {
        assertThat(js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as("page fits 1,280 px").isEqualTo(true);
    }
}
