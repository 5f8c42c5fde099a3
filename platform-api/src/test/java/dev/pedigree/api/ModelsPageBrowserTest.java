package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The registry in a real Chromium: the Models page lists a model with its latest version and alias, its page shows
 * the versions and the alias's moves, and the page of the run that produced a version wears its "name vN" chip.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelsPageBrowserTest extends EmbeddedPlatformTest {
  private static ChromeDriver browser;

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

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
    }
  }

  @Test
  void theModelsPageListsAModelWithItsAliasAndItsPageTheAliasHistory() {
    Http http = new Http(port);
    FakeArtifacts fakes = new FakeArtifacts(http, JdbcClient.create(dataSource));
    String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
    http.post("/api/v1/models", Http.json(Map.of("name", name, "description", "adds small numbers")), Http.ADMIN);
    for (String artifact : List.of(fakes.register("model", "first"), fakes.register("model", "second"))) {
      http.post("/api/v1/models/" + name + "/versions", Http.json(Map.of("artifact", artifact)), Http.ADMIN);
    }
    for (int version : List.of(2, 1)) {
      http.send("PUT", "/api/v1/models/" + name + "/aliases/champion", Http.json(Map.of("version", version)),
          Http.ADMIN);
    }

    open("#/models");
    WebElement row = waitFor(By.cssSelector("tr[data-model='" + name + "']"));
    assertThat(browser.findElement(By.cssSelector("[data-nav='models']")).getDomAttribute("class")).contains("active");
    assertThat(row.findElement(By.cssSelector("td.num")).getText()).isEqualTo("v2");
    assertThat(row.findElement(By.cssSelector("[data-alias='champion']")).getText()).isEqualTo("@champion → v1");
    Chromium.screenshot(browser, "20-models");

    row.findElement(By.cssSelector("td.name a")).click();
    waitFor(By.cssSelector("table[data-history='champion']"));
    assertThat(browser.findElements(By.cssSelector("table.versions tr[data-version]")).stream()
        .map(version -> version.getDomAttribute("data-version"))).containsExactly("2", "1");
    assertThat(browser.findElement(By.cssSelector("tr[data-version='1']")).getText()).contains("@champion");
    assertThat(browser.findElements(By.cssSelector("table[data-history='champion'] tbody tr")).stream()
        .map(move -> move.findElements(By.cssSelector("td")).subList(2, 4).stream().map(WebElement::getText).toList()))
        .containsExactly(List.of("—", "v2"), List.of("v2", "v1"));
    assertThat(browser.findElement(By.cssSelector("tr[data-version='2'] a[data-lineage]")).getDomAttribute("href"))
        .startsWith("#/lineage/");
    Chromium.screenshot(browser, "21-model");

    browser.findElement(By.cssSelector("tr[data-version='2'] a[data-run]")).click();
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.numberOfElementsToBe(
        By.cssSelector("[data-registry-chip]"), 2));
    assertThat(browser.findElements(By.cssSelector("[data-registry-chip]")).stream().map(WebElement::getText))
        .containsExactlyInAnyOrder(name + " v1", name + " v2");
  }

  private void open(String hash) {
    browser.get("http://127.0.0.1:" + port + "/" + hash);
  }

  private static WebElement waitFor(By locator) {
    return wait(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private static WebDriverWait wait(Duration timeout) {
    return new WebDriverWait(browser, timeout);
  }
}
