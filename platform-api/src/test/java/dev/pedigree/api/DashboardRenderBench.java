package dev.pedigree.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.api.bench.BenchPlatform;
import dev.pedigree.api.bench.DashboardBench;
import dev.pedigree.workers.bench.MachineInfo;
import dev.pedigree.workers.bench.Stats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser's side of {@code pedigree bench dashboard}: on the same seeded platform (10,000 runs, a 1,000,000-point
 * curve, 100 compared runs, a 5,001-node lineage tree), how long Chromium takes from a route change to the page drawn
 * (rows in the table, the chart's canvas, the lineage graph laid out) and the frame after it rendered. A benchmark, not a test of the default build:
 * {@code bench/dashboard-render.sh} runs it (tag {@code bench}); it asserts only that every page rendered.
 */
@Tag("bench")
class DashboardRenderBench {
  private static final int RUNS = 10_000;
  private static final int POINTS = 1_000_000;
  private static final double PAGE_TARGET_MS = 1000;
  /** Sets the hash, then on each animation frame checks whether the page is drawn; answers the milliseconds. */
  private static final String RENDER_TIME =
      """
      const [hash, selector, count, done] = arguments;
      const started = performance.now();
      const deadline = started + 60000;
      location.hash = hash;
      const check = () => {
        // One more frame: its callbacks run once the frame that drew the page has been rendered.
        if (document.querySelectorAll(selector).length >= count) requestAnimationFrame(() => done(performance.now() - started));
        else if (performance.now() > deadline) done(-1);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
      """;

  private record Page(String name, String hash, String selector, int count, int samples) {}

  @Test
  void everyPageRendersAtScale() throws Exception {
    ChromeDriver browser = Chromium.startOrSkip();
    try (BenchPlatform platform = BenchPlatform.start()) {
      DashboardBench.Seeded seeded = DashboardBench.seed(platform, RUNS, POINTS);
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
      browser.get(platform.base() + "/#/submit");
      String compared = seeded.compared().stream().map(UUID::toString).collect(Collectors.joining(","));
      List<Page> pages = List.of(
          new Page("runs_page", "#/runs", "tr[data-id]", 50, 20),
          new Page("run_chart", "#/runs/" + seeded.chartRun(), ".chart-card[data-key='train/loss'][data-points] canvas", 1, 20),
          new Page("compare_100_runs", "#/compare?ids=" + compared + "&key=train/loss",
              "table.legend tbody tr", seeded.compared().size(), 10),
          new Page("lineage_up_depth_10", "#/lineage/" + seeded.youngestModel() + "?depth=10",
              "svg.lineage[data-state='ready']", 1, 10),
          new Page("lineage_down_depth_10", "#/lineage/" + seeded.dataset() + "?depth=10",
              "svg.lineage[data-state='ready']", 1, 5));
      System.out.printf(Locale.ROOT, "render: Chromium headless; %d CPUs (%s); load average %s%n",
          Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), MachineInfo.loadAverage());
      for (Page page : pages) {
        double[] millis = new double[page.samples()];
        for (int i = -1; i < page.samples(); i++) {
          renderMillis(browser, "#/submit", "form", 1);
          double rendered = renderMillis(browser, page.hash(), page.selector(), page.count());
          assertThat(rendered).as(page.name() + " rendered").isNotNegative();
          if (i >= 0) {
            millis[i] = rendered;
          }
        }
        double p99 = Stats.percentile(millis, 99);
        System.out.printf(Locale.ROOT,
            "RESULT render %s p50_ms=%.1f p99_ms=%.1f max_ms=%.1f samples=%d target_ms=%.0f %s%n", page.name(),
            Stats.median(millis), p99, Stats.percentile(millis, 100), page.samples(), PAGE_TARGET_MS,
            p99 < PAGE_TARGET_MS ? "PASS" : "FAIL");
      }
      Chromium.screenshot(browser, "render-lineage-down");
    } finally {
      browser.quit();
    }
  }

  private static double renderMillis(ChromeDriver browser, String hash, String selector, int count) {
    return ((Number) browser.executeAsyncScript(RENDER_TIME, hash, selector, count)).doubleValue();
  }
}
