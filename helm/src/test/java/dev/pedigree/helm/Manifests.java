package dev.pedigree.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The documents of one {@code helm template} run, parsed, with the few look-ups the tests need. */
record Manifests(List<Map<String, Object>> documents) {

  /** One pod template and what owns it (a Deployment, StatefulSet, Job, or a bare Pod). */
  record Pod(String ownerKind, String ownerName, Map<String, Object> spec) {
    List<Map<String, Object>> containers() {
      return list(spec, "containers");
    }

    List<Map<String, Object>> allContainers() {
      List<Map<String, Object>> all = new ArrayList<>(list(spec, "initContainers"));
      all.addAll(containers());
      return all;
    }

    Map<String, Object> container(String name) {
      return containers().stream()
          .filter(c -> name.equals(c.get("name")))
          .findFirst()
          .orElseThrow(() -> new NoSuchElementException(ownerKind + "/" + ownerName + " has no container " + name));
    }

    @Override
    public String toString() {
      return ownerKind + "/" + ownerName;
    }
  }

  static Manifests parse(String rendered) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(options).loadAll(rendered)) {
      if (document != null) {
        documents.add(map(document));
      }
    }
    return new Manifests(documents);
  }

  List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  Map<String, Object> get(String kind, String name) {
    return ofKind(kind).stream()
        .filter(d -> name.equals(at(d, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + "/" + name + " in " + names()));
  }

  boolean has(String kind, String name) {
    return ofKind(kind).stream().anyMatch(d -> name.equals(at(d, "metadata.name")));
  }

  List<String> names() {
    return documents.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
  }

  /** Every pod the chart would create. */
  List<Pod> pods() {
    List<Pod> pods = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      String kind = String.valueOf(document.get("kind"));
      String name = String.valueOf(at(document, "metadata.name"));
      switch (kind) {
        case "Deployment", "StatefulSet", "DaemonSet", "Job" -> pods.add(new Pod(kind, name, map(at(document, "spec.template.spec"))));
        case "Pod" -> pods.add(new Pod(kind, name, map(document.get("spec"))));
        default -> { }
      }
    }
    return pods;
  }

  Pod pod(String ownerKind, String ownerName) {
    return pods().stream()
        .filter(p -> p.ownerKind().equals(ownerKind) && p.ownerName().equals(ownerName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no pod template of " + ownerKind + "/" + ownerName));
  }

  /** A dotted path into nested maps ({@code "spec.template.spec"}); null when any step is missing. */
  static Object at(Map<String, Object> root, String path) {
    Object current = root;
    for (String step : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(step);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) Objects.requireNonNull(value, "expected a map");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> root, String path) {
    Object value = at(root, path);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  /** A container's env as name → value (literal values) or name → "secret:NAME/KEY" / "config:NAME/KEY". */
  static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (Map<String, Object> var : list(container, "env")) {
      String name = String.valueOf(var.get("name"));
      if (var.containsKey("value")) {
        env.put(name, String.valueOf(var.get("value")));
      } else if (at(var, "valueFrom.secretKeyRef") != null) {
        env.put(name, "secret:" + at(var, "valueFrom.secretKeyRef.name") + "/" + at(var, "valueFrom.secretKeyRef.key"));
      } else if (at(var, "valueFrom.configMapKeyRef") != null) {
        env.put(name, "config:" + at(var, "valueFrom.configMapKeyRef.name") + "/" + at(var, "valueFrom.configMapKeyRef.key"));
      } else {
        env.put(name, "other:" + var.get("valueFrom"));
      }
    }
    return env;
  }
}
