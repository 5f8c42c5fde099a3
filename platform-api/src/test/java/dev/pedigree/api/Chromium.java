package dev.pedigree.api;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's Chromium (Debian's {@code chromium} + {@code chromium-driver}) driven by Selenium, headless. Nothing is
 * downloaded: when the browser or its driver is missing the calling test is skipped with the reason logged, unless
 * {@value #REQUIRED} is set (CI sets it after installing both), which turns the skip into a failure.
 */
final class Chromium {
  static final String REQUIRED = "PEDIGREE_BROWSER_TESTS_REQUIRED";
  private static final Logger LOG = LoggerFactory.getLogger(Chromium.class);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  static ChromeDriver startOrSkip() {
    Optional<Path> driver = executable("CHROMEDRIVER", "chromedriver");
    Optional<Path> browser = executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
    if (driver.isEmpty() || browser.isEmpty()) {
      String reason = "browser tests need " + (browser.isEmpty() ? "chromium" : "")
          + (browser.isEmpty() && driver.isEmpty() ? " and " : "") + (driver.isEmpty() ? "chromedriver" : "")
          + " on PATH (Debian: apt-get install chromium chromium-driver) or in $CHROME_BIN / $CHROMEDRIVER";
      if (System.getenv(REQUIRED) != null) {
        throw new IllegalStateException(REQUIRED + " is set but " + reason);
      }
      LOG.warn("SKIPPED: {}", reason);
      Assumptions.abort(reason);
    }
    LOG.info("Browser tests with {} driven by {}", browser.get(), driver.get());
    ChromeOptions options = new ChromeOptions()
        .setBinary(browser.get().toFile())
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1400,1000", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.get().toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /** Writes the whole page, beyond the window too, to target/screenshots/{name}.png and returns its path. */
  static Path screenshot(ChromeDriver browser, String name) {
    Map<String, Object> layout = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Number> page = (Map<String, Number>) layout.get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", page.get("width"), "height", page.get("height"),
        "scale", 1);
    Map<String, Object> shot =
        browser.executeCdpCommand("Page.captureScreenshot", Map.of("captureBeyondViewport", true, "clip", clip));
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> executable(String variable, String... names) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Arrays.stream(names)
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
