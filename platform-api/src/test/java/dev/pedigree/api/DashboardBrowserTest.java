package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pedigree.workflows.common.MetricKeys;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard in a real Chromium against the embedded platform with real training: a submit the API rejects shows
 * its error beside the field, a good one opens the run page whose chart grows live, the run is cancelled from the
 * page, two runs are compared, and a model's lineage graph opens its run; a pipeline submitted from the same form
 * shows a stage's error on that stage's line, then its stage DAG live until both stages succeed; a sweep submitted
 * there shows its parallel coordinates, one line per finished trial, and a sweep's page ranks its parameters by
 * importance; the Models page lists a registered model with its alias, and the model's page its tags, its versions
 * with their stages and tags, and the alias's moves, and removes an alias once asked; a run's charts and a comparison plot against device time; a
 * zoomed comparison plots its runs' raw points; a comparison follows its running run until it ends; a comparison's
 * zoom stays through a log toggle, a change of metric and a reload of its link, and on a metric x-axis places each point
 * at its own x; a metric that a live run logs first is offered at once. Screenshots go to target/screenshots/.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest extends BrowserTest {
  private static final String LOSS_CHART = ".chart-card[data-key='train/loss']";
  /** When the runs of the x-axis tests logged their first point: 2026-01-01T00:00:00Z. */
  private static final long RUN_START = 1_767_225_600_000L;
  private static final int SPIKED_STEPS = 20_000;
  private static final long FIRST_SPIKE = 12_345;
  private static final long SECOND_SPIKE = 12_348;
  /** The step after which {@link #tokens} grow by 10 a step instead of 100. */
  private static final long TOKENS_KINK = 12_350;
  private static final String MLFLOW = "/api/2.0/mlflow/";
  private static final String MODEL_TAG_FORM = "form[data-write='tag']:not([data-for-version])";
  private static final Map<String, Object> TINY_MODEL = Map.of("layers", 1, "dModel", 32, "heads", 2, "contextLength", 32);

  @Test
  void submitWatchLiveCancelCompareAndFollowLineage() {
    open("#/runs");
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);

    String cancelled = submitFromTheForm();
    watchTheChartGrowLive();
    cancelFromTheRunPage();

    String finished = finishedRunWithAModel();
    compare(cancelled, finished);
    followLineageOfTheModel(finished);
  }

  @Test
  void submitAPipelineAndWatchItsStagesSucceed() {
    open("#/submit");
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    WebElement editor = waitFor(By.cssSelector(".editor textarea"));
    setEditorText(editor, pipeline(0));
    browser.findElement(By.cssSelector("[data-submit]")).click();

    waitFor(By.cssSelector(".annotation[data-field='$.stages[1].spec.model.layers']"));
    String text = editor.getDomProperty("value");
    int secondLayers = text.indexOf("\"layers\"", text.indexOf("\"layers\"") + 1);
    assertThat(browser.findElements(By.cssSelector(".gutter .bad")))
        .extracting(WebElement::getText).containsExactly(String.valueOf(lineAt(text, secondLayers)));

    setEditorText(editor, pipeline(1));
    browser.findElement(By.cssSelector("[data-submit]")).click();
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("#/pipelines/[0-9a-f-]{36}$"));
    String id = browser.getCurrentUrl().replaceAll(".*#/pipelines/", "");
    assertThat(waitFor(By.cssSelector("svg.pipeline g.edge[data-from='first'][data-to='second']"))).isNotNull();

    wait(Duration.ofMinutes(4)).until(driver ->
        driver.findElements(By.cssSelector("svg.pipeline g.stage.status-succeeded")).size() == 2);
    wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.cssSelector(".run-head .chip"), "SUCCEEDED"));
    assertThat(browser.findElements(By.cssSelector("table.stages td[data-latest] a"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("table.stages a[data-lineage]"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("[data-action]"))).isEmpty();
    Chromium.screenshot(browser, "08-pipeline-succeeded");

    browser.findElement(By.cssSelector("nav a[data-nav='pipelines']")).click();
    assertThat(waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-stages]")).getText()).isEqualTo("2/2");
    Chromium.screenshot(browser, "09-pipelines");
  }

  @Test
  void approveTheGateAPipelineWaitsAtWithACommentAfterARejectedTry() {
    Map<String, Object> after = new java.util.HashMap<>(run("train", 1, 10));
    after.put("after", List.of("review"));
    String body = Http.json(Map.of("name", "browser-gate", "stages", List.of(
        Map.of("name", "review", "gate", "Is the data right?", "timeout", "P2D"), after)));
    Http http = new Http(port);
    String id = http.post("/api/v1/pipelines", body, Http.ADMIN).json().path("id").asString();
    String pipeline = "/api/v1/pipelines/" + id;
    await().atMost(Duration.ofMinutes(1)).until(() -> http.post(pipeline + "/gates/review/reject",
        "{\"comment\": \"shards missing\"}", Http.ADMIN).status() == 202);
    await().atMost(Duration.ofMinutes(1)).until(() -> http.get(pipeline).json().path("status").asString()
        .equals("FAILED"));
    http.post(pipeline + "/retry", "", Http.ADMIN);
    open("#/pipelines");
    browser.navigate().refresh(); // an earlier test may have left the list open, where the same hash loads nothing
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(
        By.cssSelector("tr[data-id='" + id + "'] [data-waiting]"), "waits at review"));
    open("#/pipelines/" + id);

    WebElement ask = waitFor(By.cssSelector(".gate-ask[data-gate='review']"));
    assertThat(ask.findElement(By.cssSelector(".question")).getText()).contains("Is the data right?")
        .contains("it will reject itself at");
    assertThat(waitFor(By.cssSelector("tr[data-stage='review'] [data-decisions] li")).getText())
        .as("the first try's rejection, while the second try waits").startsWith("try 1: reject by bootstrap-admin");
    assertThat(waitFor(By.cssSelector("svg.pipeline g.stage.status-waiting[data-node-id='review']"))).isNotNull();
    Chromium.screenshot(browser, "12-pipeline-gate");
    ask.findElement(By.cssSelector("[data-comment]")).sendKeys("checked the shards");
    ask.findElement(By.cssSelector("[data-decision='approve']")).click();

    By decision = By.cssSelector("tr[data-stage='review'] td[data-latest]");
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(decision,
        Pattern.compile("^approved by bootstrap-admin: checked the shards")));
    assertThat(browser.findElements(By.cssSelector(".gate-ask"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("tr[data-stage='review'] [data-decisions] li")))
        .extracting(WebElement::getText).satisfiesExactly(
            first -> assertThat(first).startsWith("try 1: reject by bootstrap-admin: shards missing"),
            second -> assertThat(second).startsWith("try 2: approve by bootstrap-admin: checked the shards"));
    Chromium.screenshot(browser, "13-pipeline-gate-decisions");
    wait(Duration.ofMinutes(3)).until(ExpectedConditions.textToBe(By.cssSelector(".run-head .chip"), "SUCCEEDED"));
  }

  @Test
  void submitASweepAndSeeOneLinePerFinishedTrial() {
    open("#/submit");
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    WebElement editor = waitFor(By.cssSelector(".editor textarea"));
    setEditorText(editor, sweep(0));
    browser.findElement(By.cssSelector("[data-submit]")).click();

    waitFor(By.cssSelector(".annotation[data-field=\"$.parameters['training.learningRate'].min\"]"));
    String text = editor.getDomProperty("value");
    assertThat(browser.findElements(By.cssSelector(".gutter .bad")))
        .extracting(WebElement::getText).containsExactly(String.valueOf(lineOf(text, "\"min\"")));

    setEditorText(editor, sweep(1e-4));
    browser.findElement(By.cssSelector("[data-submit]")).click();
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("#/sweeps/[0-9a-f-]{36}$"));
    String id = browser.getCurrentUrl().replaceAll(".*#/sweeps/", "");
    wait(Duration.ofMinutes(4)).until(ExpectedConditions.textToBe(By.cssSelector(".run-head .chip"), "SUCCEEDED"));

    assertThat(browser.findElements(By.cssSelector("svg.parcoords polyline.trial"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("svg.parcoords g.axis"))).extracting(a -> a.getDomAttribute("data-axis"))
        .containsExactly("training.learningRate", "training.warmupSteps", "val/loss (minimize)");
    assertThat(browser.findElements(By.cssSelector("svg.parcoords g.axis[data-log='true']"))).hasSize(1);
    String best = browser.findElement(By.cssSelector("svg.parcoords polyline.trial.best")).getDomAttribute("data-trial");
    assertThat(browser.findElement(By.cssSelector("table.trials tr.best")).getDomAttribute("data-trial")).isEqualTo(best);
    assertThat(browser.findElements(By.cssSelector("table.trials td a[href^='#/runs/']"))).hasSize(3);
    Chromium.screenshot(browser, "10-sweep-succeeded");

    browser.findElement(By.cssSelector("nav a[data-nav='sweeps']")).click();
    assertThat(waitFor(By.cssSelector("tr[data-id='" + id + "'] [data-succeeded]")).getText()).isEqualTo("3/3");
    Chromium.screenshot(browser, "11-sweeps");
  }

  @Test
  void aSweepsPageRanksItsParametersByImportanceWithTheirSignedCorrelation() {
    UUID id = UUID.fromString("5eeded00-0000-4000-8000-000000000012");
    SeededSweep.insert(new Http(port), JdbcClient.create(dataSource), id, 12);
    open("#/sweeps/" + id);

    waitFor(By.cssSelector("table.importance"));
    List<WebElement> rows = browser.findElements(By.cssSelector("table.importance tbody tr"));
    assertThat(rows).extracting(row -> row.getDomAttribute("data-parameter"))
        .containsExactly("training.learningRate", "training.warmupSteps", "model.layers");
    assertThat(rows).extracting(row -> Double.parseDouble(
            row.findElement(By.cssSelector("[data-importance]")).getDomAttribute("data-importance")))
        .isSortedAccordingTo((a, b) -> Double.compare(b, a))
        .first().satisfies(first -> assertThat(first).isGreaterThan(0.5));
    List<WebElement> correlations = browser.findElements(By.cssSelector("table.importance [data-correlation]"));
    assertThat(correlations.get(0).getText()).startsWith("−0.9");
    assertThat(correlations.get(0).getDomAttribute("class")).contains("improves");
    assertThat(correlations.get(2).getText()).isEqualTo("—");
    assertThat(browser.findElements(By.cssSelector("svg.parcoords polyline.trial"))).hasSize(12);
    Chromium.screenshot(browser, "17-sweep-importance");
  }

  /**
   * Trial 1 of a tpe sweep trains for ever, one trial at a time: it is marked a random draw, and the later trials, which
   * tpe chooses when they start, have no values yet.
   */
  @Test
  void aTpeSweepsPageMarksHowATrialWasDrawnAndShowsNoValuesForTrialsTpeHasNotChosen() {
    Http http = new Http(port);
    String body = Http.json(Map.of("name", "browser-tpe", "kind", "pretrain",
        "spec", Map.of("model", TINY_MODEL, "data", Map.of("documents", 200),
            "training", Map.of("steps", 1_000_000, "batchSize", 4)),
        "method", "tpe", "trials", 3, "tpe", Map.of("startupTrials", 1), "parallelism", 1,
        "parameters", Map.of("training.learningRate", Map.of("min", 1e-4, "max", 1e-2, "scale", "log")),
        "objective", Map.of("metric", "train/loss", "goal", "minimize")));
    String id = http.post("/api/v1/sweeps", body, Http.ADMIN).json().path("id").asString();
    open("#/sweeps/" + id);

    waitFor(By.cssSelector("table.trials [data-drawn]"));
    @SuppressWarnings("unchecked")
    List<String> rows = (List<String>) browser.executeScript("return [...document.querySelectorAll("
        + "'table.trials tbody tr')].map((tr) => (tr.querySelector('[data-drawn]')?.dataset.drawn ?? 'none') + ' '"
        + " + tr.querySelectorAll('td')[1].textContent.trim())");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).matches("random \\d.*");
    assertThat(rows.subList(1, 3)).containsExactly("none —", "none —");
    assertThat(browser.executeScript("return [...document.querySelectorAll('table.trials [data-drawn-later]')]"
        + ".map((hint) => hint.closest('tr').dataset.trial + ' ' + hint.textContent)"))
        .isEqualTo(List.of("2 drawn by tpe when a slot frees", "3 drawn by tpe when a slot frees"));
    assertThat(browser.findElements(By.cssSelector("svg.parcoords g.axis"))).hasSize(2);
    Chromium.screenshot(browser, "18-tpe-sweep-running");
    http.post("/api/v1/sweeps/" + id + "/cancel", "", Http.ADMIN);
  }

  /** Three random trials of a tiny pretrain run: the learning rate on a log scale from `minLearningRate`. */
  private static String sweep(double minLearningRate) {
    Map<String, Object> parameters = new java.util.LinkedHashMap<>();
    parameters.put("training.learningRate", Map.of("min", minLearningRate, "max", 1e-2, "scale", "log"));
    parameters.put("training.warmupSteps", Map.of("values", List.of(0, 5)));
    return Http.json(Map.of("name", "browser-sweep", "kind", "pretrain",
        "spec", run("base", 1, 20).get("spec"), "method", "random", "trials", 3, "seed", 5,
        "parameters", parameters, "objective", Map.of("metric", "val/loss", "goal", "minimize")));
  }

  @Test
  void theModelsPageListsAModelWithItsAliasAndItsPageItsTagsStagesAndTheirHistories() {
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
    MlflowRegistryCalls mlflow = new MlflowRegistryCalls(http);
    mlflow.write("POST", "registered-models/set-tag", Map.of("name", name, "key", "task", "value", "arith"));
    mlflow.write("POST", "model-versions/set-tag", Map.of("name", name, "version", "2", "key", "data", "value", "v2"));
    http.post("/api/v1/models/" + name + "/versions/2/stage", Http.json(Map.of("stage", "Staging")), Http.ADMIN);
    mlflow.write("POST", "model-versions/transition-stage", Map.of("name", name, "version", "2",
        "stage", "Production"));

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
    assertThat(browser.findElement(By.cssSelector("[data-model-tags]")).getText()).isEqualTo("task=arith");
    assertThat(browser.findElement(By.cssSelector("tr[data-version='2'] [data-stage]")).getText())
        .isEqualTo("Production");
    assertThat(browser.findElement(By.cssSelector("tr[data-version='2'] [data-tag='data']")).getText())
        .isEqualTo("data=v2");
    assertThat(browser.findElements(By.cssSelector("tr[data-version='1'] [data-tag], tr[data-version='1'] [data-stage]"
        ))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("table[data-history='champion'] tbody tr")).stream()
        .map(move -> move.findElements(By.cssSelector("td")).subList(2, 4).stream().map(WebElement::getText).toList()))
        .containsExactly(List.of("—", "v2"), List.of("v2", "v1"));
    assertThat(browser.findElements(By.cssSelector("table[data-stage-history] tbody tr")).stream()
        .map(move -> move.findElements(By.cssSelector("td")).subList(1, 4).stream().map(WebElement::getText).toList()))
        .containsExactly(List.of("bootstrap-admin", "None", "Staging"), List.of("bootstrap-admin", "Staging",
            "Production"));
    assertThat(browser.findElement(By.cssSelector("table[data-stage-history]")).getDomAttribute("data-stage-history"))
        .isEqualTo("2");
    assertThat(browser.findElement(By.cssSelector("tr[data-version='2'] a[data-lineage]")).getDomAttribute("href"))
        .startsWith("#/lineage/");
    Chromium.screenshot(browser, "21-model");

    browser.findElement(By.cssSelector("tr[data-version='2'] a[data-run]")).click();
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.numberOfElementsToBe(
        By.cssSelector("[data-registry-chip]"), 2));
    assertThat(browser.findElements(By.cssSelector("[data-registry-chip]")).stream().map(WebElement::getText))
        .containsExactlyInAnyOrder(name + " v1", name + " v2");
  }

  /**
   * The model page writes the registry: a model tag set then edited (picking its key fills in its value), a version
   * tag set and deleted, v1 moved to Staging, v2 to Production archiving the others there (none), v1 to Production
   * archiving v2, @champion pointed at v2 then moved to v1 from v1's row. After each write the page shows what the
   * API answers, and an unfolded edit row stays unfolded.
   */
  @Test
  void theModelPageSetsTagsMovesStagesAndPointsAliases() {
    Http http = new Http(port);
    String model = openANewModelWithTwoVersions(http);

    typeInto(MODEL_TAG_FORM, "key", "task");
    typeInto(MODEL_TAG_FORM, "value", "arith", Keys.ENTER);
    awaitText("[data-model-tags]", "task=arith");
    assertThat(http.get(model).json().get("tags").toString()).isEqualTo("{\"task\":\"arith\"}");
    typeInto(MODEL_TAG_FORM, "key", "task", Keys.TAB);
    assertThat(browser.findElement(By.cssSelector(MODEL_TAG_FORM + " [name=value]")).getDomProperty("value"))
        .isEqualTo("arith");
    typeInto(MODEL_TAG_FORM, "value", Keys.END, "metic", Keys.ENTER);
    awaitText("[data-model-tags]", "task=arithmetic");
    assertThat(http.get(model).json().get("tags").toString()).isEqualTo("{\"task\":\"arithmetic\"}");

    unfoldTheEditRow(2);
    typeInto(versionForm("tag", 2), "key", "data");
    typeInto(versionForm("tag", 2), "value", "v2", Keys.ENTER);
    awaitText("tr[data-version='2'] [data-tag='data']", "data=v2");
    assertThat(http.get(model + "/versions/2").json().get("tags").toString()).isEqualTo("{\"data\":\"v2\"}");
    assertThat(browser.findElement(By.cssSelector("tr[data-edit-version='2'] details")).getDomProperty("open"))
        .isEqualTo("true");
    typeInto(versionForm("tag", 2), "key", "data");
    browser.findElement(By.cssSelector(versionForm("tag", 2) + " [data-remove]")).click();
    awaitText("tr[data-version='2'] td:nth-child(3)", "—");
    assertThat(http.get(model + "/versions/2").json().get("tags").toString()).isEqualTo("{}");

    unfoldTheEditRow(1);
    moveStage(1, "Staging", false);
    awaitText("tr[data-version='1'] [data-stage]", "Staging");
    moveStage(2, "Production", true);
    awaitText("tr[data-version='2'] [data-stage]", "Production");
    assertThat(textOf("tr[data-version='1'] [data-stage]")).isEqualTo("Staging");
    moveStage(1, "Production", true);
    awaitText("tr[data-version='1'] [data-stage]", "Production");
    awaitText("tr[data-version='2'] [data-stage]", "Archived");
    assertThat(List.of(1, 2).stream().map(v -> http.get(model + "/versions/" + v).json().get("stage").asString()))
        .containsExactly("Production", "Archived");
    assertThat(StreamSupport.stream(http.get(model + "/stage-history").json().spliterator(), false)
        .map(t -> t.get("version").asInt() + ":" + t.get("fromStage").asString() + ">" + t.get("toStage").asString()))
        .containsExactly("1:None>Staging", "2:None>Production", "2:Production>Archived", "1:Staging>Production");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cellsOf("table[data-stage-history='2']")
        .stream().map(row -> row.subList(2, 4))).containsExactly(List.of("None", "Production"),
        List.of("Production", "Archived")));
    assertThat(cellsOf("table[data-stage-history='1']").stream().map(row -> row.subList(2, 4)))
        .containsExactly(List.of("None", "Staging"), List.of("Staging", "Production"));

    typeInto(versionForm("alias", 2), "alias", "champion", Keys.ENTER);
    awaitText("[data-alias='champion']", "@champion → v2");
    typeInto(versionForm("alias", 1), "alias", "champion", Keys.ENTER);
    awaitText("[data-alias='champion']", "@champion → v1");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cellsOf("table[data-history='champion']")
        .stream().map(row -> row.subList(2, 4))).containsExactly(List.of("—", "v2"), List.of("v2", "v1")));
    assertThat(StreamSupport.stream(http.get(model + "/aliases/champion/history").json().spliterator(), false)
        .map(move -> move.get("fromVersion") + ">" + move.get("toVersion")))
        .containsExactly("null>2", "2>1");
    assertThat(textOf("tr[data-version='1'] td:nth-child(2)")).isEqualTo("@champion");
    Chromium.screenshot(browser, "30-model-edited");
  }

  /**
   * A write the API refuses shows its problem under its form and marks the field it names, and the page and the
   * model stay as they were: a version tag's value over 5000 characters, an alias that is not a lowercase name, and a
   * model tag without a token (its prompt dismissed).
   */
  @Test
  void theModelPageShowsARefusedWriteBesideItsFormAndChangesNothing() {
    Http http = new Http(port);
    String model = openANewModelWithTwoVersions(http);

    unfoldTheEditRow(1);
    typeInto(versionForm("tag", 1), "key", "notes");
    typeInto(versionForm("tag", 1), "value", "x".repeat(5001), Keys.ENTER);
    awaitText(versionForm("tag", 1) + " [data-form-error]",
        "Invalid request — $.value must be at most 5000 characters without NUL; it has 5001");
    assertThat(List.of("key", "value").stream().map(field -> browser.findElement(By.cssSelector(
        versionForm("tag", 1) + " [name=" + field + "]")).getDomAttribute("aria-invalid"))).containsExactly("false",
        "true");
    assertThat(http.get(model + "/versions/1").json().get("tags").toString()).isEqualTo("{}");
    assertThat(browser.findElements(By.cssSelector("tr[data-version='1'] [data-tag]"))).isEmpty();

    unfoldTheEditRow(2);
    typeInto(versionForm("alias", 2), "alias", "Champion", Keys.ENTER);
    awaitText(versionForm("alias", 2) + " [data-form-error]",
        "Invalid request — alias must be a lowercase letter then up to 63 lowercase letters, digits, '_' or '-'");
    assertThat(http.get(model).json().get("aliases").toString()).isEqualTo("[]");
    Chromium.screenshot(browser, "31-model-refused");

    browser.executeScript("localStorage.removeItem('pedigree.token')");
    try {
      typeInto(MODEL_TAG_FORM, "key", "task");
      typeInto(MODEL_TAG_FORM, "value", "arith", Keys.ENTER);
      waitFor(By.cssSelector("#auth [data-dismiss]")).click();
      awaitText(MODEL_TAG_FORM + " [data-form-error]",
          "Authentication required — Send a valid token as 'Authorization: Bearer <token>'.");
      assertThat(http.get(model).json().get("tags").toString()).isEqualTo("{}");
      assertThat(textOf("[data-model-tags]")).isEqualTo("—");
    } finally {
      browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    }
  }

  /**
   * @champion and @challenger point at the versions; removing @champion asks first: dismissed, it stays; confirmed, the
   * page drops it and keeps its history, ending in the removal. @challenger, removed meanwhile through the API, is
   * refused beside its button (404) and the page stays as it was.
   */
  @Test
  void theModelPageRemovesAnAliasOnceConfirmedAndShowsARefusalBesideIt() {
    Http http = new Http(port);
    String model = openANewModelWithTwoVersions(http);
    http.send("PUT", model + "/aliases/champion", Http.json(Map.of("version", 2)), Http.ADMIN);
    http.send("PUT", model + "/aliases/challenger", Http.json(Map.of("version", 1)), Http.ADMIN);
    browser.navigate().refresh();

    clickRemove("champion");
    browser.switchTo().alert().dismiss();
    assertThat(http.get(model).json().get("aliases").size()).isEqualTo(2);
    clickRemove("champion");
    Alert confirmation = browser.switchTo().alert();
    assertThat(confirmation.getText()).startsWith("Remove the alias @champion?");
    confirmation.accept();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cellsOf("table[data-history='champion']")
        .stream().map(row -> row.subList(2, 4))).containsExactly(List.of("—", "v2"), List.of("v2", "deleted")));
    assertThat(browser.executeScript("return [[...document.querySelectorAll('form[data-write=unalias]')]"
        + ".map((form) => form.dataset.alias), [...document.querySelectorAll('.run-head [data-alias]')]"
        + ".map((chip) => chip.innerText),"
        + " document.querySelector('tr[data-version=\"2\"]').cells[1].innerText.trim()]"))
        .isEqualTo(List.of(List.of("challenger"), List.of("@challenger → v1"), "—"));
    assertThat(http.get(model).json().get("aliases").valueStream().map(alias -> alias.path("alias").asString()))
        .containsExactly("challenger");
    Chromium.screenshot(browser, "32-model-alias-removed");

    http.send("DELETE", model + "/aliases/challenger", null, Http.ADMIN);
    clickRemove("challenger");
    browser.switchTo().alert().accept();
    awaitText("form[data-write=unalias][data-alias=challenger] [data-form-error]", "Alias not found — Model '"
        + model.substring(model.lastIndexOf('/') + 1) + "' has no alias 'challenger'.");
    assertThat(textOf("tr[data-version='1'] td:nth-child(2)")).isEqualTo("@challenger");
  }

  /** Looks the button up again until the click lands: the alias histories are drawn after the rest of the page. */
  private static void clickRemove(String alias) {
    wait(Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(driver -> {
      driver.findElement(By.cssSelector("form[data-write=unalias][data-alias=" + alias + "] [data-remove]")).click();
      return true;
    });
  }

  /** Registers it through the API, opens its page with a writing token and returns its API path. */
  private String openANewModelWithTwoVersions(Http http) {
    FakeArtifacts fakes = new FakeArtifacts(http, JdbcClient.create(dataSource));
    String name = "edit-" + UUID.randomUUID().toString().substring(0, 8);
    String model = "/api/v1/models/" + name;
    http.post("/api/v1/models", Http.json(Map.of("name", name)), Http.ADMIN);
    for (String artifact : List.of(fakes.register("model", "first"), fakes.register("model", "second"))) {
      http.post(model + "/versions", Http.json(Map.of("artifact", artifact)), Http.ADMIN);
    }
    open("#/models/" + name);
    browser.executeScript("localStorage.setItem('pedigree.token', arguments[0])", Http.ADMIN);
    return model;
  }

  /** Waits for the page to draw the version's row first: a test may ask right after opening the page. */
  private static void unfoldTheEditRow(int version) {
    waitFor(By.cssSelector("tr[data-edit-version='" + version + "'] summary")).click();
  }

  private static String versionForm(String write, int version) {
    return "form[data-write='" + write + "'][data-for-version='" + version + "']";
  }

  /** Finds the field anew: the page is redrawn, its forms emptied, after every write. */
  private static void typeInto(String form, String field, CharSequence... keys) {
    waitFor(By.cssSelector(form + " [name=" + field + "]")).sendKeys(keys);
  }

  private static void moveStage(int version, String stage, boolean archiveOthers) {
    String form = versionForm("stage", version);
    new Select(browser.findElement(By.cssSelector(form + " [name=stage]"))).selectByVisibleText(stage);
    if (archiveOthers) {
      browser.findElement(By.cssSelector(form + " [name=archiveExisting]")).click();
    }
    browser.findElement(By.cssSelector(form + " button")).click();
  }

  private static void awaitText(String css, String expected) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(textOf(css)).isEqualTo(expected));
  }

  private static String textOf(String css) {
    return (String) browser.executeScript(
        "const found = document.querySelector(arguments[0]); return found && found.innerText.trim()", css);
  }

  /** Every row's cells, read in one script. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> cellsOf(String table) {
    return (List<List<String>>) browser.executeScript("return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
        + ".map(row => [...row.cells].map(cell => cell.innerText.trim()))", table);
  }

  /**
   * Device seconds logged every 10 steps from step 10 to 100 (step² / 10 × cost), the loss at steps 1 to 95: on device
   * time the loss's points before step 10 are dropped and step 95 lies between steps 90 and 100, at 905 × cost s. The
   * loss itself, falling, is an x-axis that is not monotonic.
   */
  @Test
  void aRunAndAComparisonPlotAgainstDeviceTime() {
    String cheap = runWithACostCurve(1);
    String dear = runWithACostCurve(2);

    WebElement loss = openLossChart(cheap);
    assertThat(loss.getDomAttribute("data-last-x")).isEqualTo("95");
    pickXAxis("device time");
    assertThat(loss.getDomAttribute("data-points")).isEqualTo("86");
    assertThat(loss.getDomAttribute("data-last-x")).isEqualTo("905");
    assertThat(loss.findElement(By.cssSelector(".u-legend .u-series:first-child .u-label")).getText())
        .isEqualTo("device time");
    assertThat(loss.findElement(By.cssSelector(".stats")).getText()).contains("at 15.08 min");
    assertThat(browser.getCurrentUrl()).endsWith("#/runs/" + cheap + "?x=sys%2Fdevice_seconds");
    assertThat(browser.findElement(By.cssSelector("[data-x-note]")).isDisplayed()).isFalse();
    Chromium.screenshot(browser, "13-run-device-time");

    browser.navigate().refresh();
    assertThat(waitFor(By.cssSelector(LOSS_CHART + " .plot[data-x-axis='device time']"))).isNotNull();
    assertThat(browser.findElement(By.cssSelector(LOSS_CHART)).getDomAttribute("data-last-x")).isEqualTo("905");
    zoomIntoTheSecondHalfOfTheDeviceTime();

    open("#/compare?ids=" + cheap + "," + dear + "&key=train/loss&x=sys%2Fdevice_seconds");
    waitFor(By.cssSelector(".chart-card.big .plot[data-x-axis='device time'] canvas"));
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("905", "1810")));
    assertThat(new Select(browser.findElement(By.cssSelector("select[name='x']"))).getFirstSelectedOption().getText())
        .isEqualTo("device time");
    Chromium.screenshot(browser, "14-compare-device-time");
    assertThat(browser.findElements(By.cssSelector("table.legend [data-x-note]"))).isEmpty();
    zoomIntoTheSecondHalfOfTheComparedDeviceTime();

    new Select(browser.findElement(By.cssSelector("select[name='x']"))).selectByVisibleText("train/loss");
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.numberOfElementsToBe(
        By.cssSelector("table.legend [data-x-note]"), 2));
    assertThat(browser.findElement(By.cssSelector("table.legend [data-x-note]")).getText())
        .as("the loss goes down: on its own x it is sorted").isEqualTo("x is not monotonic in this run");

    new Select(browser.findElement(By.cssSelector("select[name='x']"))).selectByVisibleText("step");
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("95", "95")));
    assertThat(browser.getCurrentUrl()).doesNotContain("x=");
  }

  /**
   * Relative time counts from the run's first point (the loss at step 1): step 95 is 94 steps of 4 s later, 376 s, and
   * twice that in the run that is twice as slow; wall time is the point's own time in epoch seconds.
   */
  @Test
  void aRunAndAComparisonPlotAgainstRelativeAndWallTime() {
    String fast = runWithACostCurve(1);
    String slow = runWithACostCurve(2);

    WebElement loss = openLossChart(fast);
    pickXAxis("relative time");
    assertThat(loss.getDomAttribute("data-points")).isEqualTo("95");
    assertThat(loss.getDomAttribute("data-last-x")).isEqualTo("376");
    assertThat(loss.findElement(By.cssSelector(".stats")).getText()).contains("at 6.267 min");
    assertThat(browser.getCurrentUrl()).endsWith("#/runs/" + fast + "?x=%40relative-time");
    Chromium.screenshot(browser, "15-run-relative-time");

    pickXAxis("wall time");
    assertThat(loss.getDomAttribute("data-last-x")).isEqualTo(String.valueOf(RUN_START / 1000 + 95 * 4));

    open("#/compare?ids=" + fast + "," + slow + "&key=train/loss&x=%40relative-time");
    waitFor(By.cssSelector(".chart-card.big .plot[data-x-axis='relative time'] canvas"));
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("376", "752")));
    Chromium.screenshot(browser, "16-compare-relative-time");
  }

  /**
   * Two runs of 20,000 steps of loss 1 with a double spike: 7 at step 12,345 and 5 at 12,348, twice that in the second
   * run. The compare page's overview keeps each bucket's extremes (80 steps a bucket), so the higher spike but no point
   * at 12,348; a drag-zoom around them reads their raw steps, and the cursor there shows both runs' second spike. A
   * double-click goes back to the overview from what the page holds. A chosen x-metric that runs lack is named.
   */
  @Test
  void aZoomedComparisonPlotsEveryRunsRawPointsAndAMissingXMetricIsNamed() {
    Http http = new Http(port);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID low = RunCompareWindowTest.runWithLoss(jdbc, http, SPIKED_STEPS, step -> spike(step, 1));
    UUID high = RunCompareWindowTest.runWithLoss(jdbc, http, SPIKED_STEPS, step -> spike(step, 2));
    jdbc.sql("UPDATE run SET name = CASE id WHEN :low THEN 'spike-low' ELSE 'spike-high' END WHERE id IN (:low, :high)")
        .param("low", low).param("high", high).update();
    Http.Response tokens = http.post("/api/v1/runs/" + high + "/metrics", Http.json(Map.of("attempt", 1, "series",
        List.of(Map.of("key", "train/tokens", "points", List.of(List.of(0, 0), List.of(SPIKED_STEPS, 1_000_000)))))),
        Http.WORKER);
    assertThat(tokens.status()).isEqualTo(200);

    open("#/compare?ids=" + low + "," + high + "&key=train/loss");
    WebElement over = waitFor(By.cssSelector(".chart-card.big .u-over"));
    wait(Duration.ofSeconds(20))
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.legend tbody tr"), 2));
    browser.executeScript("performance.clearResourceTimings()");
    assertThat(hoverNear(over, SECOND_SPIKE, 0, SPIKED_STEPS - 1)).as("the overview's nearest point").isEqualTo(12_345);
    assertThat(legendValues()).containsExactly("7", "14");

    new Actions(browser).moveToElement(over, offset(over, 12_250, 0, SPIKED_STEPS - 1), 0).clickAndHold()
        .moveToElement(over, offset(over, 12_450, 0, SPIKED_STEPS - 1), 0).release().perform();
    wait(Duration.ofSeconds(20)).withMessage("a point at step 12,348 after the zoom")
        .until(driver -> hoverNear(over, SECOND_SPIKE, 12_250, 12_450) == SECOND_SPIKE);
    assertThat(legendValues()).containsExactly("5", "10");
    for (long step = SECOND_SPIKE - 2; step < SECOND_SPIKE; step++) {
      assertThat(hoverNear(over, step, 12_250, 12_450)).as("raw steps").isEqualTo(step);
      assertThat(legendValues()).containsExactly("1", "1");
    }
    Chromium.screenshot(browser, "17-compare-zoomed");

    new Actions(browser).doubleClick(over).perform();
    assertThat(hoverNear(over, SPIKED_STEPS / 2, 0, SPIKED_STEPS - 1)).isBetween(9_000L, 11_000L);
    assertThat(browser.executeScript("return performance.getEntriesByType('resource')"
        + ".map((e) => e.name).filter((n) => n.includes('/runs/compare')).join(' ')").toString())
        .as("one request for both runs' zoomed steps, none for the way back")
        .matches("\\S*/api/v1/runs/compare\\?ids=\\S+&fromStep=12\\d{3}&toStep=12\\d{3}&times=true");

    open("#/compare?ids=" + low + "," + high + "&key=train/loss&x=train%2Ftokens");
    awaitXMissingNote("No train/tokens in spike-low: not plotted.");
    open("#/compare?ids=" + low + "," + high + "&key=train/loss&x=val%2Floss");
    awaitXMissingNote("No run has val/loss: the chart plots against step.");
    open("#/runs/" + low + "?x=train%2Ftokens");
    awaitXMissingNote("this run has no train/tokens: plotted against step");
    browser.executeScript("performance.clearResourceTimings()");
  }

  /**
   * An ended run of 10 steps beside an MLflow-tracked run that logs steps 0 to 4 before the page opens and 5 to 14
   * while it is open, then finishes: only the tracked run's curve grows, a zoom to steps 2 to 7 stays through it, the
   * chip turns SUCCEEDED and the tracked run's stream (the only one the page opened) closes.
   */
  @Test
  void aComparisonFollowsItsRunningRunUntilItEnds() {
    Http http = new Http(port);
    String tracked = compareAnEndedRunWithATrackedOne(http);
    wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(
        By.cssSelector("table.legend tr[data-live] .chip"), "RUNNING"));
    WebElement over = browser.findElement(By.cssSelector(".chart-card.big .u-over"));
    new Actions(browser).moveToElement(over, offset(over, 2, 0, 9), 0).clickAndHold()
        .moveToElement(over, offset(over, 7, 0, 9), 0).release().perform();
    assertThat(hoverAt(over, over.getSize().getWidth())).as("the zoom's right edge").isBetween(6L, 7L);

    logLoss(http, tracked, 5, 9);
    logLoss(http, tracked, 10, 14);
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("9", "14")));
    assertThat(hoverAt(over, over.getSize().getWidth())).as("still zoomed").isBetween(6L, 7L);
    Chromium.screenshot(browser, "18-compare-live");
    new Actions(browser).doubleClick(over).perform();
    assertThat(hoverAt(over, over.getSize().getWidth())).as("the whole curve").isEqualTo(14);

    http.post(MLFLOW + "runs/update", Http.json(Map.of("run_id", tracked, "status", "FINISHED")), Http.ADMIN);
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(
        By.cssSelector("table.legend tbody tr:nth-child(2) .chip"), "SUCCEEDED"));
    assertThat(browser.findElements(By.cssSelector("table.legend tr[data-live]"))).isEmpty();
    assertThat(browser.executeScript("return window.streams.map((s) => s.readyState)"))
        .as("one stream, closed").isEqualTo(List.of(2L));
    assertThat(lastXs()).containsExactly("9", "14");
  }

  /**
   * Five running runs are more than the page opens streams for: it polls them, and stops once they have ended.
   */
  @Test
  void aComparisonOfManyRunningRunsPollsThem() {
    Http http = new Http(port);
    List<String> tracked = LongStream.range(0, 5).mapToObj(i -> trackedRun(http)).toList();
    for (String run : tracked) {
      logLoss(http, run, 0, 2);
    }

    openCompareCountingStreams(String.join(",", tracked));
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("2", "2", "2", "2", "2")));
    assertThat(browser.findElements(By.cssSelector("table.legend tr[data-live]"))).hasSize(5);
    logLoss(http, tracked.get(0), 3, 6);
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("6", "2", "2", "2", "2")));

    for (String run : tracked) {
      http.post(MLFLOW + "runs/update", Http.json(Map.of("run_id", run, "status", "KILLED")), Http.ADMIN);
    }
    wait(Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("table.legend tr[data-live]")).isEmpty());
    assertThat(browser.executeScript("return [...document.querySelectorAll('table.legend .chip')]"
        + ".map((chip) => chip.textContent)")).isEqualTo(Collections.nCopies(5, "CANCELLED"));
    assertThat(browser.executeScript("return window.streams.length")).isEqualTo(0L);
  }

  /**
   * A drag over the spiked runs' steps 12,250 to 12,450 goes into the link and stays, within a step, through a toggle of
   * the log scale, a change of metric (whose zoomed steps are read at full detail) and a reload; a double-click shows
   * every step again and takes the zoom out of the link.
   */
  @Test
  void aComparisonsZoomStaysThroughALogToggleAMetricChangeAndAReload() {
    WebElement over = openSpikedComparison("&key=train/loss");
    new Actions(browser).moveToElement(over, offset(over, 12_250, 0, SPIKED_STEPS - 1), 0).clickAndHold()
        .moveToElement(over, offset(over, 12_450, 0, SPIKED_STEPS - 1), 0).release().perform();
    wait(Duration.ofSeconds(20)).withMessage("the zoom's raw steps")
        .until(driver -> hoverNear(over, SECOND_SPIKE, 12_250, 12_450) == SECOND_SPIKE);
    String link = linkedZoom();
    assertThat(link).as("the zoom in the link").startsWith("&from=");
    double[] zoom = zoomOf(link);
    assertThat(zoom[0]).isCloseTo(12_250, within(50.0));
    assertThat(zoom[1]).isCloseTo(12_450, within(50.0));
    long[] edges = edges();
    assertThat(edges[0]).isCloseTo(Math.round(zoom[0]), within(2L));
    assertThat(edges[1]).isCloseTo(Math.round(zoom[1]), within(2L));

    browser.findElement(By.cssSelector("input[name='log']")).click();
    wait(Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(over));
    assertThat(edges()).as("the log scale's edges").containsExactly(edges);
    WebElement logOver = browser.findElement(By.cssSelector(".chart-card.big .u-over"));
    assertThat(hoverNear(logOver, SECOND_SPIKE, zoom[0], zoom[1])).isEqualTo(SECOND_SPIKE);
    assertThat(legendValues()).containsExactly("5", "10");
    assertThat(browser.getCurrentUrl()).endsWith("&key=train%2Floss&log=1" + link);

    browser.executeScript("performance.clearResourceTimings()");
    new Select(browser.findElement(By.cssSelector("select[name='key']"))).selectByVisibleText("train/tokens");
    String detail = wait(Duration.ofSeconds(10)).until(driver -> detailRead("train/tokens"));
    assertThat(Long.parseLong(detail.replaceAll(".*fromStep=(\\d+).*", "$1"))).isCloseTo(edges[0], within(2L));
    assertThat(Long.parseLong(detail.replaceAll(".*toStep=(\\d+).*", "$1"))).isCloseTo(edges[1], within(2L));
    awaitEdges(edges);
    assertThat(browser.getCurrentUrl()).endsWith("&key=train%2Ftokens&log=1" + link);
    Chromium.screenshot(browser, "19-compare-zoom-kept");

    browser.navigate().refresh();
    waitFor(By.cssSelector(".chart-card.big .u-over"));
    awaitEdges(edges);
    assertThat(new Select(browser.findElement(By.cssSelector("select[name='key']"))).getFirstSelectedOption().getText())
        .isEqualTo("train/tokens");
    assertThat(browser.findElement(By.cssSelector("input[name='log']")).isSelected()).isTrue();

    new Actions(browser).doubleClick(browser.findElement(By.cssSelector(".chart-card.big .u-over"))).perform();
    assertThat(edges()).as("every step").containsExactly(0, SPIKED_STEPS - 1);
    assertThat(browser.getCurrentUrl()).endsWith("&key=train%2Ftokens&log=1");
  }

  /**
   * On the x-axis train/tokens, which grows by 100 a step up to step 12,350 and by 10 after, the overview's tokens are
   * downsampled to the first and last step of every 80: between steps 12,320 and 12,399 a loss point's x is only
   * interpolated, 1,396 tokens short of its own at the first spike. A zoom to tokens 1,234,000 to 1,235,200 (steps
   * 12,340 to 12,370; the link's zoom, as a drag's) reads the tokens of the steps between those points too, and then
   * the loss of exactly the zoom's steps: under the cursor at tokens 1,234,500 and 1,234,800 are the spikes, between
   * them the loss of 1.
   */
  @Test
  void aZoomOnAMetricXAxisPlacesEveryPointAtItsOwnX() {
    WebElement over = openSpikedComparison("&key=train/loss&x=train%2Ftokens&from=1234000&to=1235200");
    assertThat(browser.findElement(By.cssSelector(".chart-card.big .plot")).getDomAttribute("data-x-axis"))
        .isEqualTo("train/tokens");

    wait(Duration.ofSeconds(20)).withMessage("the first spike at its own tokens").until(driver ->
        valuesAt(over, offset(over, tokens(FIRST_SPIKE), 1_234_000, 1_235_200)).equals(List.of("7", "14")));
    assertThat(valuesAt(over, offset(over, tokens(FIRST_SPIKE + 1), 1_234_000, 1_235_200))).containsExactly("1", "1");
    assertThat(valuesAt(over, offset(over, tokens(SECOND_SPIKE), 1_234_000, 1_235_200))).containsExactly("5", "10");
    assertThat(detailRead("train/tokens")).contains("&fromStep=12320&toStep=12399&");
    assertThat(detailRead("train/loss")).as("the last read").contains("&fromStep=12340&toStep=12370&");
    assertThat(linkedZoom()).isEqualTo("&from=1234000&to=1235200");
    Chromium.screenshot(browser, "20-compare-zoomed-on-tokens");
  }

  /**
   * A metric that a running run logs first while its comparison is open is offered at once, as a metric and as an
   * x-axis, and its curve is drawn when it is picked.
   */
  @Test
  void aMetricThatARunningRunLogsFirstIsOfferedWhileTheComparisonIsOpen() {
    Http http = new Http(port);
    String tracked = compareAnEndedRunWithATrackedOne(http);
    assertThat(options("key")).containsExactly("train/loss");
    logMetric(http, tracked, "val/loss", 5);
    wait(Duration.ofSeconds(20)).until(driver -> options("key").equals(List.of("train/loss", "val/loss")));
    assertThat(options("x")).containsExactly("step", "@relative-time", "@wall-time", "train/loss", "val/loss");
    assertThat(browser.executeScript("return window.streams.length")).as("followed on its stream").isEqualTo(1L);

    new Select(browser.findElement(By.cssSelector("select[name='key']"))).selectByVisibleText("val/loss");
    wait(Duration.ofSeconds(20)).until(driver -> Arrays.asList(null, "5").equals(lastXs()));
  }

  /**
   * Five running runs without a metric yet are polled (more than the page opens streams for): the page says there is
   * no metric, then offers and draws the first one logged.
   */
  @Test
  void aComparisonOfPolledRunsWithoutMetricsDrawsTheFirstOneLogged() {
    Http http = new Http(port);
    List<String> tracked = LongStream.range(0, 5).mapToObj(i -> trackedRun(http)).toList();

    openCompareCountingStreams(String.join(",", tracked));
    wait(Duration.ofSeconds(20)).until(driver -> options("key").equals(List.of("No metrics")));
    logLoss(http, tracked.get(1), 0, 2);
    wait(Duration.ofSeconds(20)).until(driver -> options("key").equals(List.of("train/loss")));
    wait(Duration.ofSeconds(20)).until(driver -> Arrays.asList(null, "2", null, null, null).equals(lastXs()));
    assertThat(browser.executeScript("return window.streams.length")).isEqualTo(0L);
  }

  /**
   * Opens the comparison of {@link #spikedRunsWithTokens} with `query` after its ids; answers its chart's cursor area
   * once both runs are listed (drawn).
   */
  private WebElement openSpikedComparison(String query) {
    open("#/compare?ids=" + spikedRunsWithTokens() + query);
    wait(Duration.ofSeconds(20))
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.legend tbody tr"), 2));
    return browser.findElement(By.cssSelector(".chart-card.big .u-over"));
  }

  /** Two runs of {@link #spike}s, 1 and 2 high, with train/tokens ({@link #tokens}) at every step; their ids. */
  private String spikedRunsWithTokens() {
    Http http = new Http(port);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<UUID> runs = List.of(RunCompareWindowTest.runWithLoss(jdbc, http, SPIKED_STEPS, step -> spike(step, 1)),
        RunCompareWindowTest.runWithLoss(jdbc, http, SPIKED_STEPS, step -> spike(step, 2)));
    List<List<Long>> tokens = LongStream.range(0, SPIKED_STEPS).mapToObj(step -> List.of(step, tokens(step))).toList();
    for (UUID run : runs) {
      Http.Response logged = http.post("/api/v1/runs/" + run + "/metrics", Http.json(Map.of("attempt", 1,
          "series", List.of(Map.of("key", "train/tokens", "points", tokens)))), Http.WORKER);
      assertThat(logged.status()).as(String.valueOf(logged.json())).isEqualTo(200);
    }
    return runs.stream().map(UUID::toString).collect(Collectors.joining(","));
  }

  /** Tokens seen by the end of `step`: 100 a step up to {@link #TOKENS_KINK}, then 10. */
  private static long tokens(long step) {
    return step <= TOKENS_KINK ? 100 * step : 100 * TOKENS_KINK + 10 * (step - TOKENS_KINK);
  }

  /** Logs one point of `key` at `step` of an MLflow-tracked run, as its client does. */
  private static void logMetric(Http http, String runId, String key, int step) {
    Http.Response logged = http.post(MLFLOW + "runs/log-metric", Http.json(Map.of("run_id", runId, "key", key,
        "value", 0.5, "timestamp", RUN_START + step * 1000L, "step", step)), Http.ADMIN);
    assertThat(logged.status()).as(logged.json().toString()).isEqualTo(200);
  }

  /** The zoom part of the page's link, "&from=…&to=…"; empty without one. */
  private static String linkedZoom() {
    Matcher zoom = Pattern.compile("&from=[^&]+&to=[^&]+$").matcher(browser.getCurrentUrl());
    return zoom.find() ? zoom.group() : "";
  }

  /** "&from=12250.4&to=12449.7" → [12250.4, 12449.7]. */
  private static double[] zoomOf(String link) {
    String[] parts = link.split("&\\w+=");
    return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
  }

  /** The steps at the big chart's left and right edges (the cursor snaps to the nearest point). */
  private static long[] edges() {
    WebElement over = browser.findElement(By.cssSelector(".chart-card.big .u-over"));
    int width = over.getSize().getWidth();
    return new long[] {hoverAt(over, -width), hoverAt(over, width)};
  }

  /** Waits until the big chart, maybe drawn anew, shows `edges` again, each within a step. */
  private static void awaitEdges(long[] edges) {
    wait(Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).withMessage("the zoom's edges")
        .until(driver -> {
          long[] shown = edges();
          return Math.abs(shown[0] - edges[0]) <= 1 && Math.abs(shown[1] - edges[1]) <= 1;
        });
  }

  /** The runs' values in uPlot's legend with the cursor `offset` pixels right of the chart's middle. */
  private static List<String> valuesAt(WebElement over, int offset) {
    new Actions(browser).moveToElement(over, offset, 0).perform();
    return legendValues();
  }

  /** The URL of the latest read of `key`'s detail (one with fromStep) from the compare API; null before one. */
  private static String detailRead(String key) {
    return (String) browser.executeScript("return performance.getEntriesByType('resource').map((e) => e.name)"
        + ".filter((n) => n.includes('/runs/compare?') && n.includes('fromStep')"
        + " && n.includes('key=' + encodeURIComponent(arguments[0]))).at(-1) ?? null", key);
  }

  /** The values of the options of the compare page's select `name`. */
  @SuppressWarnings("unchecked")
  private static List<String> options(String name) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelector(`select[name='${arguments[0]}']`).options].map((o) => o.value)", name);
  }

  /**
   * The comparison of an ended run's loss at steps 0 to 9 with a tracked run's at 0 to 4, once both are drawn; answers
   * the tracked run's id.
   */
  private String compareAnEndedRunWithATrackedOne(Http http) {
    UUID ended = RunCompareWindowTest.runWithLoss(JdbcClient.create(dataSource), http, 10, step -> 1);
    String tracked = trackedRun(http);
    logLoss(http, tracked, 0, 4);
    openCompareCountingStreams(ended + "," + tracked);
    wait(Duration.ofSeconds(20)).until(driver -> lastXs().equals(List.of("9", "4")));
    return tracked;
  }

  /** A fresh page, whose EventSources are counted in `window.streams`, showing the comparison of train/loss. */
  private void openCompareCountingStreams(String ids) {
    open("#/runs");
    browser.navigate().refresh();
    browser.executeScript("window.streams = []; const Native = window.EventSource;"
        + "window.EventSource = class extends Native {"
        + "  constructor(...args) { super(...args); window.streams.push(this); } }");
    browser.executeScript("location.hash = arguments[0]", "#/compare?ids=" + ids + "&key=train/loss");
  }

  /** An MLflow-tracked run, RUNNING until its client ends it; answers its MLflow id. */
  private static String trackedRun(Http http) {
    return http.post(MLFLOW + "runs/create", "{\"experiment_id\": \"0\"}", Http.ADMIN).json()
        .path("run").path("info").path("run_id").asString();
  }

  /** Logs train/loss at steps `from` to `to` of an MLflow-tracked run, as its client does. */
  private static void logLoss(Http http, String runId, int from, int to) {
    List<Map<String, Object>> metrics = LongStream.rangeClosed(from, to).mapToObj(step -> Map.<String, Object>of(
        "key", "train/loss", "value", 2.0 / (step + 1), "timestamp", RUN_START + step * 1000, "step", step)).toList();
    Http.Response logged = http.post(MLFLOW + "runs/log-batch", Http.json(Map.of("run_id", runId, "metrics", metrics)),
        Http.ADMIN);
    assertThat(logged.status()).as(logged.json().toString()).isEqualTo(200);
  }

  private static void awaitXMissingNote(String text) {
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("[data-x-missing]"), text));
  }

  /** Loss 1, but 7 × `height` at {@link #FIRST_SPIKE} and 5 × `height` at {@link #SECOND_SPIKE}. */
  private static double spike(long step, int height) {
    return step == FIRST_SPIKE ? 7 * height : step == SECOND_SPIKE ? 5 * height : 1;
  }

  /**
   * Moves the cursor over the chart, whose x axis runs from `from` to `to`, toward `step` until uPlot's legend shows
   * the point nearest it (the cursor snaps to points); answers the step shown.
   */
  private static long hoverNear(WebElement over, long step, double from, double to) {
    int at = offset(over, step, from, to);
    long shown = hoverAt(over, at);
    for (int tries = 0; tries < 10 && shown != step; tries++) {
      int move = (int) Math.round((step - shown) * over.getSize().getWidth() / (to - from));
      int next = at + (move == 0 ? Long.signum(step - shown) : move);
      long then = hoverAt(over, next);
      if (Math.abs(then - step) >= Math.abs(shown - step)) {
        break;
      }
      at = next;
      shown = then;
    }
    return shown;
  }

  /** The cursor `offset` pixels right of the chart's middle; the step uPlot's legend shows there. */
  private static long hoverAt(WebElement over, int offset) {
    int half = over.getSize().getWidth() / 2 - 1;
    new Actions(browser).moveToElement(over, Math.max(-half, Math.min(half, offset)), 0).perform();
    return Long.parseLong(legendValue(1).replace(",", ""));
  }

  /** Where `step` lies, in pixels right of the middle of a chart whose x axis runs from `from` to `to`. */
  private static int offset(WebElement over, long step, double from, double to) {
    return (int) Math.round(((step - from) / (to - from) - 0.5) * over.getSize().getWidth());
  }

  /** What the big chart's uPlot legend shows for its `n`th series (1: the x value). */
  private static String legendValue(int n) {
    return browser.findElement(By.cssSelector(".chart-card.big .u-legend .u-series:nth-child(" + n + ") .u-value"))
        .getText();
  }

  /** The runs' values at the cursor, in the legend's order. */
  private static List<String> legendValues() {
    return List.of(legendValue(2), legendValue(3));
  }

  /** Opens the run page of a {@link #runWithACostCurve} run; answers its loss chart once all 95 points are drawn. */
  private WebElement openLossChart(String run) {
    open("#/runs/" + run);
    return waitFor(By.cssSelector(LOSS_CHART + "[data-points='95']"));
  }

  /** Picks the run page's x-axis and waits for the loss chart to be drawn on it. */
  private void pickXAxis(String label) {
    new Select(browser.findElement(By.cssSelector("[data-x-select]"))).selectByVisibleText(label);
    waitFor(By.cssSelector(LOSS_CHART + " .plot[data-x-axis='" + label + "']"));
  }

  /** The interpolation of js/x-axis.js, run as a module in the browser (the repository has no JavaScript runner). */
  @Test
  void theXAxisMappingInterpolatesAcrossGapsAndSortsANonMonotonicSeries() {
    open("#/runs");
    Object answers = browser.executeAsyncScript(
        """
        const done = arguments[arguments.length - 1];
        import('/js/x-axis.js').then(({ firstTime, mapToX, stepRange, timeSeries, xOf }) => {
          const gappy = [[10, 100], [20, 200], [30, 'NaN'], [40, 400]];
          const zigzag = [[0, 0], [10, 100], [20, 50], [30, 150]];
          done(JSON.stringify({
            gap: mapToX([[5, 1], [10, 2], [30, 3], [35, 4], [40, 5], [45, 6]], gappy),
            zigzag: mapToX([[0, 1], [10, 2], [15, 3], [20, 4], [30, 5]], zigzag),
            at: [xOf(gappy, 25), xOf(gappy, 41)],
            zoom: [stepRange([[0, 0], [10, 100]], 25, 50), stepRange(zigzag, 60, 90), stepRange(zigzag, 200, 300)],
            time: timeSeries([[1, 5, 9000], [2, 4], [3, 3, 12500]], firstTime([[[0, 1, 8000]], [], [[4, 1, 7000]]])),
          }));
        }, (e) => done(String(e)));
        """);

    assertThat(answers).isEqualTo("{"
        + "\"gap\":{\"points\":[[100,2],[300,3],[350,4],[400,5]],\"monotonic\":true},"
        + "\"zigzag\":{\"points\":[[0,1],[50,4],[75,3],[100,2],[150,5]],\"monotonic\":false},"
        + "\"at\":[250,null],"
        + "\"zoom\":[[2.5,5],[6,24],null],"
        + "\"time\":[[1,2],[3,5.5]]}");
  }

  /**
   * An ended run with the curves {@link #aRunAndAComparisonPlotAgainstDeviceTime} describes, `cost` times dearer; its
   * points are stamped {@link #RUN_START} plus `cost` times 4 s per step.
   */
  private String runWithACostCurve(int cost) {
    UUID run = BadInputFuzzTest.endedRun(JdbcClient.create(dataSource));
    List<List<Number>> seconds = LongStream.rangeClosed(1, 10)
        .mapToObj(i -> List.<Number>of(i * 10, i * i * 10 * cost, RUN_START + cost * i * 10 * 4_000)).toList();
    List<List<Number>> losses = LongStream.rangeClosed(1, 95)
        .mapToObj(step -> List.<Number>of(step, 3.0 / step, RUN_START + cost * step * 4_000)).toList();
    Http.Response response = new Http(port).post("/api/v1/runs/" + run + "/metrics", Http.json(Map.of("attempt", 1,
        "series", List.of(Map.of("key", MetricKeys.DEVICE_SECONDS, "points", seconds),
            Map.of("key", "train/loss", "points", losses)))), Http.WORKER);
    assertThat(response.status()).as(String.valueOf(response.json())).isEqualTo(200);
    return run.toString();
  }

  /**
   * A drag over the loss chart from the middle of its device time (10 to 905 s) to 90 % of it, 457 s to 816 s: the
   * detail fetch asks for the steps that spent them, 67 to 91 (on a step axis the same drag would start at step 52).
   */
  private void zoomIntoTheSecondHalfOfTheDeviceTime() {
    String detail = dragFromTheMiddleToNinetyPercent(LOSS_CHART, "/metrics?");
    assertThat(Integer.parseInt(detail.replaceAll(".*fromStep=(\\d+).*", "$1"))).isBetween(66, 68);
    assertThat(Integer.parseInt(detail.replaceAll(".*toStep=(\\d+).*", "$1"))).isBetween(90, 92);
  }

  /**
   * The same drag over the comparison, whose device time runs to the dear run's 1,810 s: 910 s to 1,630 s are the dear
   * run's steps 67 to 91 and the cheap run's 95 to its last device-time point at 100; one request asks for them all.
   */
  private void zoomIntoTheSecondHalfOfTheComparedDeviceTime() {
    String detail = dragFromTheMiddleToNinetyPercent(".chart-card.big", "/runs/compare?");
    assertThat(Integer.parseInt(detail.replaceAll(".*fromStep=(\\d+).*", "$1"))).isBetween(66, 68);
    assertThat(Integer.parseInt(detail.replaceAll(".*toStep=(\\d+).*", "$1"))).isEqualTo(100);
  }

  /** Drags over the chart from the middle of its x axis to 90 % of it; answers the URL of the detail request. */
  private static String dragFromTheMiddleToNinetyPercent(String chart, String request) {
    WebElement over = browser.findElement(By.cssSelector(chart + " .u-over"));
    new Actions(browser).moveToElement(over, 0, 0).clickAndHold()
        .moveByOffset(over.getSize().getWidth() * 4 / 10, 0).release().perform();
    return wait(Duration.ofSeconds(10)).until(driver -> (String) browser.executeScript(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
            + ".find((n) => n.includes(arguments[0]) && n.includes('fromStep'))", request));
  }

  /**
   * The x of each compared run's last point, in the legend's order, read in one script: the legend is redrawn as
   * points arrive, so rows found first and read after may be gone.
   */
  @SuppressWarnings("unchecked")
  private static List<String> lastXs() {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('table.legend tbody tr')]"
        + ".map((row) => row.getAttribute('data-last-x'))");
  }

  /** Two tiny pretrain stages, the second after the first; its model has `secondLayers` layers. */
  private static String pipeline(int secondLayers) {
    Map<String, Object> second = new java.util.HashMap<>(run("second", secondLayers, 20));
    second.put("after", List.of("first"));
    return Http.json(Map.of("name", "browser-pipeline", "stages", List.of(run("first", 1, 20), second)));
  }

  private String submitFromTheForm() {
    open("#/submit");
    WebElement editor = waitFor(By.cssSelector(".editor textarea"));
    setEditorText(editor, spec("browser-live", 0, 1_000_000));
    browser.findElement(By.cssSelector("[data-submit]")).click();

    WebElement annotation = waitFor(By.cssSelector(".annotation[data-field='$.spec.model.layers']"));
    assertThat(annotation.getText()).contains("must be between 1 and");
    int layersLine = lineOf(editor.getDomProperty("value"), "\"layers\"");
    assertThat(browser.findElements(By.cssSelector(".gutter .bad")))
        .extracting(WebElement::getText).containsExactly(String.valueOf(layersLine));
    assertThat(browser.getCurrentUrl()).endsWith("#/submit");
    Chromium.screenshot(browser, "01-submit-invalid");

    setEditorText(editor, spec("browser-live", 1, 1_000_000));
    browser.findElement(By.cssSelector("[data-submit]")).click();
    wait(Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches("#/runs/[0-9a-f-]{36}$"));
    return browser.getCurrentUrl().replaceAll(".*#/runs/", "");
  }

  private void watchTheChartGrowLive() {
    int first = plottedPoints();
    browser.executeScript("window.notReloaded = true");
    wait(Duration.ofSeconds(90)).until(driver -> plottedPoints() >= first + 5);
    assertThat(browser.executeScript("return window.notReloaded === true")).isEqualTo(true);
    assertThat(browser.findElement(By.cssSelector(".live")).isDisplayed()).isTrue();
    Chromium.screenshot(browser, "02-run-live");
  }

  private void cancelFromTheRunPage() {
    // Status events re-render the header, so the button is looked up again until the click lands.
    wait(Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(driver -> {
      driver.findElement(By.cssSelector("[data-cancel]")).click();
      return true;
    });
    browser.switchTo().alert().accept();
    wait(Duration.ofSeconds(90)).until(ExpectedConditions.textToBe(By.cssSelector(".run-head .chip"), "CANCELLED"));
    assertThat(browser.findElements(By.cssSelector("[data-cancel]"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector(".status-timeline li")))
        .extracting(WebElement::getText)
        .anySatisfy(text -> assertThat(text).startsWith("Attempt #1 started"))
        .last().asString().startsWith("CANCELLED");
    Chromium.screenshot(browser, "03-run-cancelled");
  }

  /** A short run through the API; it ends with a model artifact. */
  private String finishedRunWithAModel() {
    Http http = new Http(port);
    Http.Response submitted = http.post("/api/v1/runs", spec("browser-short", 1, 30), Http.ADMIN);
    assertThat(submitted.status()).isEqualTo(202);
    String id = submitted.json().path("id").asString();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() ->
        !List.of("QUEUED", "RUNNING").contains(http.get("/api/v1/runs/" + id).json().path("status").asString()));
    assertThat(http.get("/api/v1/runs/" + id).json().path("status").asString()).isEqualTo("SUCCEEDED");
    return id;
  }

  private void compare(String first, String second) {
    open("#/runs");
    for (String id : List.of(first, second)) {
      waitFor(By.cssSelector("tr[data-id='" + id + "'] td.check input")).click();
    }
    Chromium.screenshot(browser, "04-runs");
    browser.findElement(By.cssSelector("[data-compare]")).click();

    wait(Duration.ofSeconds(20)).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.legend tbody tr"), 2));
    waitFor(By.cssSelector(".chart-card.big canvas"));
    assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Compare 2 runs");
    assertThat(browser.findElements(By.cssSelector("table.diff tr.differs"))).isNotEmpty();
    List<WebElement> finishedRow = browser.findElements(By.cssSelector("table.legend tbody tr:nth-child(2) td"));
    assertThat(Integer.parseInt(finishedRow.get(finishedRow.size() - 1).getText())).isPositive();
    Chromium.screenshot(browser, "05-compare");
  }

  private void followLineageOfTheModel(String runId) {
    open("#/runs/" + runId);
    wait(Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("[data-neighbourhood] g.node")).size() >= 2);
    Chromium.screenshot(browser, "06-run-succeeded");
    String modelDownload = waitFor(By.xpath("//tr[td[1][normalize-space()='model']]//a[@data-download]"))
        .getDomAttribute("href");
    assertThat(modelDownload).matches("/api/v1/artifacts/[0-9a-f-]{36}/content");
    assertThat(browser.findElements(By.xpath("//tr[td[1][normalize-space()='dataset']]")))
        .as("a generated dataset has no file to download").isNotEmpty()
        .allSatisfy(row -> assertThat(row.findElements(By.cssSelector("a[data-download]"))).isEmpty());
    waitFor(By.xpath("//tr[td[1][normalize-space()='model']]//a[@data-lineage]")).click();

    waitFor(By.cssSelector("svg.lineage[data-state='ready']"));
    wait(Duration.ofSeconds(10)).until(driver -> driver.findElement(By.cssSelector("a[data-download]")).isDisplayed());
    assertThat(browser.findElement(By.cssSelector("a[data-download]")).getDomAttribute("href"))
        .isEqualTo(modelDownload);
    assertThat(browser.findElements(By.cssSelector("svg.lineage g.node.root.node-artifact.kind-model"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("g.edge[data-relation='produced'][data-from='" + runId + "']")))
        .isNotEmpty();
    Chromium.screenshot(browser, "07-lineage");
    panAndZoomTheGraph();

    browser.findElement(By.cssSelector("g.node[data-node-id='" + runId + "']")).click();
    wait(Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("#/runs/" + runId + "$"));
    waitFor(By.cssSelector(".run-head .chip"));
  }

  /**
   * A drag on the background moves the drawing; the wheel scales it. Zoomed far out, the labels are hidden (they
   * would be a few pixels high); zoomed back in, they show.
   */
  private void panAndZoomTheGraph() {
    WebElement svg = browser.findElement(By.cssSelector("svg.lineage"));
    String fitted = viewportTransform();
    new Actions(browser).moveToElement(svg, 0, -svg.getSize().getHeight() / 2 + 20)
        .clickAndHold().moveByOffset(60, 30).release().perform();
    // The browser may still be delivering an action's events when perform() returns: wait for their effect.
    String panned = wait(Duration.ofSeconds(5)).until(driver -> changedFrom(fitted));
    assertThat(scale(panned)).isEqualTo(scale(fitted));
    new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(svg), 0, -300).perform();
    wait(Duration.ofSeconds(5)).until(driver -> scale(viewportTransform()) > scale(panned));
    assertThat(labelsShown()).isTrue();
    wheelUntil(svg, 1500, () -> scale(viewportTransform()) < 0.45 && !labelsShown());
    wheelUntil(svg, -1500, () -> scale(viewportTransform()) > 0.45 && labelsShown());
  }

  /**
   * Turns the wheel over {@code element} by {@code deltaY} until {@code reached} holds, at most 8 times: under load the
   * browser has been seen to end a long wheel gesture short of its delta (twice in CI), so one turn may not be enough.
   */
  private static void wheelUntil(WebElement element, int deltaY, BooleanSupplier reached) {
    for (int turn = 0; turn < 8 && !reached.getAsBoolean(); turn++) {
      new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(element), 0, deltaY).perform();
      try {
        wait(Duration.ofSeconds(2)).until(driver -> reached.getAsBoolean());
      } catch (TimeoutException notYet) {
        // another turn
      }
    }
    assertThat(reached.getAsBoolean()).as("after turning the wheel by %d up to 8 times", deltaY).isTrue();
  }

  /**
   * Whether the lineage graph's labels are drawn: app.css hides them (display: none) when it is zoomed far out. Not
   * WebElement.isDisplayed, which also says no for a label zoomed out of the drawing's box.
   */
  private static boolean labelsShown() {
    return (Boolean) browser.executeScript(
        "return getComputedStyle(document.querySelector('svg.lineage g.node text.name')).display !== 'none'");
  }

  private String viewportTransform() {
    return browser.findElement(By.cssSelector("svg.lineage .viewport")).getDomAttribute("transform");
  }

  /** The viewport's transform once it differs from {@code before}; null until then. */
  private String changedFrom(String before) {
    String now = viewportTransform();
    return now.equals(before) ? null : now;
  }

  private static double scale(String transform) {
    return Double.parseDouble(transform.replaceAll(".*scale\\(([^)]+)\\).*", "$1"));
  }

  private int plottedPoints() {
    List<WebElement> charts = browser.findElements(By.cssSelector(LOSS_CHART));
    return charts.isEmpty() ? 0 : Integer.parseInt(charts.get(0).getDomAttribute("data-points"));
  }

  private static String spec(String name, int layers, int steps) {
    return Http.json(run(name, layers, steps));
  }

  private static Map<String, Object> run(String name, int layers, int steps) {
    Map<String, Object> model = new java.util.HashMap<>(TINY_MODEL);
    model.put("layers", layers);
    return Map.of("name", name, "kind", "pretrain", "spec", Map.of(
        "model", model,
        "data", Map.of("documents", 300),
        "training", Map.of("steps", steps, "batchSize", 4, "evalEvery", 10, "checkpointEvery", 10)));
  }

  /** Replaces the editor's text the way typing does: the view hears an input event. */
  private static void setEditorText(WebElement editor, String json) {
    browser.executeScript("arguments[0].value = JSON.stringify(JSON.parse(arguments[1]), null, 2);"
        + "arguments[0].dispatchEvent(new Event('input'))", editor, json);
  }

  private static int lineOf(String text, String needle) {
    return lineAt(text, text.indexOf(needle));
  }

  private static int lineAt(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }
}
