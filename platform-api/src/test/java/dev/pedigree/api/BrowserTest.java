package dev.pedigree.api;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dashboard in the system's Chromium ({@link Chromium}), one browser per test class, on the shared platform. */
abstract class BrowserTest extends EmbeddedPlatformTest {
  static ChromeDriver browser;

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  /** Per test rather than per class, so that a skip is counted as one in the test report. */
  @BeforeEach
  void openBrowser() {
    if (browser == null) {
      browser = Chromium.startOrSkip();
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  void open(String hash) {
    browser.get("http://127.0.0.1:" + port + "/" + hash);
  }

  static WebElement waitFor(By locator) {
    return wait(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  static WebDriverWait wait(Duration timeout) {
    return new WebDriverWait(browser, timeout);
  }
}
