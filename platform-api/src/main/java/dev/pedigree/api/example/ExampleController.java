package dev.pedigree.api.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run specs under {@code examples/}, as the dashboard's submit page offers them; pipeline bodies
 * ({@code examples/pipelines/}) go to {@code POST /pipelines} and are left out. Sweep bodies ({@code examples/sweeps/})
 * are offered too: the submit page posts a body with {@code parameters} and {@code objective} to {@code POST /sweeps}.
 */
@RestController
class ExampleController {
  private static final String PIPELINES = "examples/pipelines/";

  record Example(String name, String path, JsonNode body) {}

  private final List<Example> examples;

  ExampleController(JsonMapper json) throws IOException {
    List<Example> found = new ArrayList<>();
    for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:examples/**/*.json")) {
      String url = resource.getURL().toString();
      String path = url.substring(url.lastIndexOf("examples/"));
      if (path.startsWith(PIPELINES)) {
        continue;
      }
      try (InputStream in = resource.getInputStream()) {
        JsonNode body = json.readTree(in);
        found.add(new Example(body.path("name").asString(path), path, body));
      } catch (UncheckedIOException e) {
        throw new IllegalStateException("example " + path + " is not valid JSON", e);
      }
    }
    found.sort(Comparator.comparing(Example::path));
    this.examples = List.copyOf(found);
  }

  @GetMapping("/api/v1/examples")
  List<Example> examples() {
    return examples;
  }
}
