package dev.pedigree.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the real helm (the native library inside helm-java) against {@code helm/pedigree}.
 *
 * <p>Two gaps of helm-java 0.0.21 are bridged here, each by a copy of the chart in a temporary folder:
 * <ul>
 *   <li>its {@code template} returns the release manifest without the hooks (the command-line {@code helm
 *       template} prints both). {@link #render} therefore renames the {@code helm.sh/hook} annotations to
 *       {@link #HOOK_ANNOTATION} in the copy, so helm renders the hook templates as ordinary manifests and the
 *       tests can see the migration Job, the generated Secret and the test pod, annotation values included;
 *   <li>its {@code lint} takes no values file. {@link #lint(Path)} writes the chart's values merged with the
 *       file (as {@code helm lint -f} merges them) as the copy's values.yaml.
 * </ul>
 */
final class ChartFixture {
  /** What {@code helm.sh/hook…} annotations are called in the rendered copies. */
  static final String HOOK_ANNOTATION = "pedigree.test/hook";

  static final String RELEASE = "ped";
  static final String NAMESPACE = "ml";

  private ChartFixture() {}

  static Path chartDir() {
    Path chart = Path.of(System.getProperty("basedir", ".")).resolve("pedigree").toAbsolutePath().normalize();
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw new IllegalStateException("no chart at " + chart);
    }
    return chart;
  }

  static Path resource(String name) {
    return Path.of(System.getProperty("basedir", "."))
        .resolve("src/test/resources")
        .resolve(name)
        .toAbsolutePath()
        .normalize();
  }

  /** {@code helm template} of the chart as it is (hooks not included, see the class comment). */
  static String templateAsIs(Path valuesFile) {
    return template(chartDir(), valuesFile, Map.of());
  }

  /** The rendered manifests, hooks included, for a values file (or the defaults when null) and --set pairs. */
  static Manifests render(Path valuesFile, Map<String, String> sets) {
    Path copy = copyChart();
    try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("helm.sh/hook", HOOK_ANNOTATION), StandardCharsets.UTF_8);
      }
      return Manifests.parse(template(copy, valuesFile, sets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  static Manifests render(Path valuesFile) {
    return render(valuesFile, Map.of());
  }

  /** {@code helm lint --strict} of the chart, or of the chart with a values file merged over its defaults. */
  static LintResult lint(Path valuesFile) {
    if (valuesFile == null) {
      return new Helm(chartDir()).lint().strict().call();
    }
    Path copy = copyChart();
    try {
      Yaml yaml = new Yaml();
      Map<String, Object> merged = yaml.load(Files.readString(copy.resolve("values.yaml"), StandardCharsets.UTF_8));
      Map<String, Object> overrides = yaml.load(Files.readString(valuesFile, StandardCharsets.UTF_8));
      deepMerge(merged, overrides);
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(merged), StandardCharsets.UTF_8);
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  private static String template(Path chart, Path valuesFile, Map<String, String> sets) {
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  /** Helm's rule: maps merge key by key, everything else (lists included) is replaced. */
  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> base, Map<String, Object> overrides) {
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      Object current = base.get(entry.getKey());
      if (current instanceof Map && entry.getValue() instanceof Map) {
        Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) current);
        deepMerge(nested, (Map<String, Object>) entry.getValue());
        base.put(entry.getKey(), nested);
      } else {
        base.put(entry.getKey(), entry.getValue());
      }
    }
  }

  private static Path copyChart() {
    Path source = chartDir();
    try {
      Path target = Files.createTempDirectory("pedigree-chart-").resolve("pedigree");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path to = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path chartCopy) {
    Path root = chartCopy.getParent();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
