package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The Scaling view in a real Chromium over twelve finished runs that follow a known
 * law: it shows the API's constants and runs, draws a run per point and the law per size, predicts a bigger run as
 * the API does (also against compute, and from N and D) and marks the field the API refuses; on a project without
 * runs it says why there is no law; its project list counts each project's runs, and choosing one fits it.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingLawBrowserTest extends BrowserTest {
  private static final String PROJECT = "scaling-ui-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String EMPTY = PROJECT + "-empty";
  private static final String SMALL = PROJECT + "-small";
  private static final String FORM = "form[data-predict]";

  private Http http;

  @BeforeAll
  void history() {
    http = new Http(port);
    ScalingHistory history = new ScalingHistory(http, JdbcClient.create(dataSource));
    history.grid(PROJECT);
    history.project(EMPTY);
    history.project(SMALL);
    history.run(SMALL, "SUCCEEDED", 32, 100, 2.0);
  }

  @Test
  void choosingAProjectFromTheListFitsIt() {
    open("#/scaling");
    Select projects = new Select(browser.findElement(By.cssSelector("form[data-scope] [name=project]")));
    await().atMost(Duration.ofSeconds(20)).until(() -> projects.getOptions().size() > 1);
    List<String> listed = projects.getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
    assertThat(listed).first().isEqualTo("");
    assertThat(listed).contains(PROJECT, SMALL).doesNotContain(EMPTY);
    assertThat(listed.indexOf(PROJECT)).as("fittable first").isLessThan(listed.indexOf(SMALL));
    WebElement small = option(projects, SMALL);
    assertThat(small.getText()).isEqualTo(SMALL + " — too few to fit: 1 run(s), 1 size(s), 1 token count(s)");
    assertThat(small.getDomAttribute("data-fittable")).isEqualTo("false");
    assertThat(option(projects, PROJECT).getText()).isEqualTo(PROJECT + " — 12 runs");

    projects.selectByValue(PROJECT);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(browser.getCurrentUrl())
        .endsWith("#/scaling?project=" + PROJECT));
    waitFor(By.cssSelector("[data-law]"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rows()).hasSize(12));
    assertThat(browser.findElement(By.cssSelector("[data-law-box] .hint")).getText()).contains(PROJECT);
    Select chosen = new Select(browser.findElement(By.cssSelector("form[data-scope] [name=project]")));
    await().atMost(Duration.ofSeconds(20)).until(() -> chosen.getOptions().size() > 1);
    assertThat(chosen.getFirstSelectedOption().getDomAttribute("value")).isEqualTo(PROJECT);
  }

  @Test
  void showsTheLawItsRunsAndAPredictionOnTheChart() {
    JsonNode fit = http.get("/api/v1/scaling-law?project=" + PROJECT).json();
    open("#/scaling?project=" + PROJECT);
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    waitFor(By.cssSelector("[data-law]"));

    @SuppressWarnings("unchecked")
    Map<String, String> constants = (Map<String, String>) browser.executeScript("return Object.fromEntries("
        + "[...document.querySelectorAll('[data-constant]')].map((c) => [c.dataset.constant, c.dataset.value]))");
    assertThat(constants).containsOnlyKeys("irreducible", "a", "alpha", "b", "beta");
    constants.forEach((name, value) ->
        assertThat(Double.parseDouble(value)).as(name).isEqualTo(fit.path("law").path(name).asDouble()));

    List<List<String>> rows = rows();
    List<JsonNode> runs = fit.path("runs").valueStream().toList();
    assertThat(rows).hasSize(12);
    for (int i = 0; i < runs.size(); i++) {
      JsonNode run = runs.get(i);
      List<String> row = rows.get(i);
      assertThat(row.subList(0, 5)).containsExactly(run.path("id").asString(), "#/runs/" + run.path("id").asString(),
          run.path("name").asString(), String.format("%,d", run.path("parameters").asLong()),
          String.format("%,d", run.path("tokens").asLong()));
      assertThat(Double.parseDouble(row.get(5))).isCloseTo(run.path("loss").asDouble(), withinPercentage(0.1));
      assertThat(Double.parseDouble(row.get(6))).isCloseTo(run.path("fitted").asDouble(), withinPercentage(0.1));
    }
    List<String> legend = legend();
    assertThat(legend).hasSize(1 + 4 * 2).startsWith("tokens D");
    assertThat(legend.subList(1, legend.size())).allMatch(label -> label.matches("(law at )?N = [0-9,]+"));

    String spec = "{\"model\": {\"layers\": 2, \"dModel\": 128, \"heads\": 4, \"contextLength\": 64},"
        + " \"training\": {\"steps\": 1600, \"batchSize\": 16}}";
    JsonNode expected = http.post("/api/v1/scaling-law/predict", "{\"project\": \"" + PROJECT + "\", \"spec\": "
        + spec + "}", Http.ADMIN).json();
    type(Map.of("spec.model.layers", "2", "spec.model.dModel", "128", "spec.model.heads", "4",
        "spec.model.contextLength", "64", "spec.training.steps", "1600", "spec.training.batchSize", "16"));
    browser.findElement(By.cssSelector(FORM + " button")).click();

    double loss = expected.path("loss").asDouble();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(prediction()).containsExactly(loss,
        expected.path("interval").path("low").asDouble(), expected.path("interval").path("high").asDouble(),
        (double) ScalingHistory.tokens(1600), loss));
    assertThat(expected.path("loss").asDouble()).isCloseTo(
        ScalingHistory.TRUE.predict(ScalingHistory.parameters(128), ScalingHistory.tokens(1600)), within(0.01));
    assertThat(legend()).hasSize(1 + 5 * 2).endsWith("prediction");
    Chromium.screenshot(browser, "40-scaling-law");

    new Select(browser.findElement(By.cssSelector("form[data-scope] [name=x]"))).selectByValue("compute");
    assertThat(prediction().get(3)).as("C = 6ND")
        .isEqualTo(6.0 * ScalingHistory.parameters(128) * ScalingHistory.tokens(1600));
    assertThat(legend()).first().isEqualTo("compute 6ND (FLOPs)");
    assertThat(browser.getCurrentUrl()).endsWith("#/scaling?project=" + PROJECT + "&x=compute");

    WebElement heads = browser.findElement(By.cssSelector(FORM + " [name='spec.model.heads']"));
    heads.clear();
    heads.sendKeys("3");
    browser.findElement(By.cssSelector(FORM + " button")).click();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<?> refusal = (List<?>) browser.executeScript("const form = document.querySelector(arguments[0]);"
          + " return [form.querySelector('[data-form-error]').innerText,"
          + " [...form.querySelectorAll('[aria-invalid=true]')].map((input) => input.name)]", FORM);
      assertThat((String) refusal.get(0)).contains("must divide dModel (128)");
      assertThat(refusal.get(1)).isEqualTo(List.of("spec.model.heads"));
    });

    new Select(browser.findElement(By.cssSelector(FORM + " [name=by]"))).selectByValue("counts");
    type(Map.of("parameters", "1000000", "tokens", "50000000"));
    browser.findElement(By.cssSelector(FORM + " button")).click();
    JsonNode byCounts = http.post("/api/v1/scaling-law/predict", Http.json(Map.of("project", PROJECT,
        "parameters", 1_000_000, "tokens", 50_000_000)), Http.ADMIN).json();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(prediction())
        .startsWith(byCounts.path("loss").asDouble()));
    assertThat(browser.findElements(By.cssSelector(FORM + " [aria-invalid=true]"))).isEmpty();
  }

  @Test
  void aProjectWithoutRunsSaysWhyThereIsNoLaw() {
    String detail = http.get("/api/v1/scaling-law?project=" + EMPTY).json().path("detail").asString();
    open("#/scaling?project=" + EMPTY);

    WebElement shortfall = waitFor(By.cssSelector("[data-shortfall]"));
    assertThat(shortfall.getText()).isEqualTo(detail).contains("has 0 run(s)");
    Select projects = new Select(browser.findElement(By.cssSelector("form[data-scope] [name=project]")));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(projects.getFirstSelectedOption().getText())
        .isEqualTo(EMPTY + " — no succeeded pretrain runs that logged val/loss"));
    assertThat(browser.executeScript("return [document.querySelectorAll('.problem').length,"
        + " document.querySelector('[data-body]').hidden]")).isEqualTo(List.of(0L, true));
    assertThat(browser.findElement(By.cssSelector("nav a[data-nav='scaling']")).getDomAttribute("class"))
        .contains("active");
    Chromium.screenshot(browser, "41-scaling-too-few-runs");
  }

  private static WebElement option(Select select, String value) {
    return select.getOptions().stream().filter(o -> value.equals(o.getDomAttribute("value"))).findFirst()
        .orElseThrow();
  }

  /** Each run row's id, link, then its cells' text, read in one script. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> rows() {
    return (List<List<String>>) browser.executeScript("return [...document.querySelectorAll("
        + "'table.scaling-runs tbody tr')].map((tr) => [tr.dataset.run, tr.querySelector('a').getAttribute('href'),"
        + " ...[...tr.cells].map((cell) => cell.innerText.trim())])");
  }

  @SuppressWarnings("unchecked")
  private static List<String> legend() {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll("
        + "'.scaling-chart .u-legend .u-series .u-label')].map((label) => label.textContent)");
  }

  /** The shown prediction's loss, low and high, and the chart's predicted point (x and loss), read in one script. */
  @SuppressWarnings("unchecked")
  private static List<Double> prediction() {
    List<String> shown = (List<String>) browser.executeScript("const p = document.querySelector('[data-predicted]');"
        + " return p ? [p.dataset.loss, p.dataset.low, p.dataset.high,"
        + " ...document.querySelector('.scaling-chart').dataset.predictedPoint.split(' ')] : []");
    return shown.stream().map(Double::parseDouble).toList();
  }

  private static void type(Map<String, String> values) {
    values.forEach((name, value) -> {
      WebElement input = browser.findElement(By.cssSelector(FORM + " [name='" + name + "']"));
      input.clear();
      input.sendKeys(value);
    });
  }
}
