package dev.encodeflow.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless chromium driven by its chromedriver, with the page's console kept for checks. */
public final class Browser implements AutoCloseable {

    public final ChromeDriver driver;

    public Browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** Console messages at SEVERE (errors) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Waits for a displayed element (the live page re-renders: a found element may go stale). */
    public WebElement await(By locator, Duration timeout) {
        return waiting(timeout).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public void awaitText(By locator, String text, Duration timeout) {
        waiting(timeout).until(d -> d.findElements(locator).stream().anyMatch(e -> e.getText().contains(text)));
    }

    /**
     * Clicks the element, found again if a re-render replaced it in between. It is scrolled to the
     * middle of the window first: scrolled to an edge, the sticky header (or a re-render that
     * shifts the layout) can cover it, and the click lands on something else. A click another
     * element intercepts is retried until the timeout.
     */
    public void click(By locator, Duration timeout) {
        waiting(timeout).ignoring(ElementClickInterceptedException.class).until(d -> {
            WebElement element = d.findElement(locator);
            driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element);
            element.click();
            return true;
        });
    }

    /** Types into the element, found again if a re-render replaced it in between. */
    public void type(By locator, String text, Duration timeout) {
        waiting(timeout).until(d -> {
            WebElement field = d.findElement(locator);
            field.clear();
            field.sendKeys(text);
            return field.getAttribute("value").equals(text) ? true : null;
        });
    }

    private WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        return wait;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
