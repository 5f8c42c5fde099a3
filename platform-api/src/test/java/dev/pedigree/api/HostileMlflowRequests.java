package dev.pedigree.api;

import static dev.pedigree.api.HostileRequests.encode;
import static dev.pedigree.api.MlflowRegistryCalls.MLFLOW;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Calls of the MLflow-compatible API (tracking and model registry) from one seeded {@link Random}: wrongly typed,
 * missing and extra fields, huge and NUL-bearing strings, bad filters and order_by clauses, unknown names, versions
 * and ids, overflowing numbers, broken JSON and wrong methods, between valid calls that build up state. MLflow ignores
 * unknown fields, so a hostile call may succeed: what it must never do is answer outside MLflow's error JSON. Every
 * metric point and run tag a valid call logs is remembered ({@link #logged}) to be read back afterwards.
 */
final class HostileMlflowRequests {
  /** The one metric key the valid calls log, and that no hostile call writes. */
  static final String KEY = "fuzz/valid";
  /** The prefix of the run tag keys the valid calls set, which no hostile call writes. */
  static final String TAG_PREFIX = "fuzz.valid.";

  private static final String[] STRINGS = {
      "' OR '1'='1", "'; DROP TABLE run; --", "%", "_", "\\", "a\u0000b", "\u0000", "\ud800", "\udc00x",
      "\u202eexe.txt", "\ufeff", "\ud83d\ude00", "\n\r\t", "../../etc/passwd", "<script>alert(1)</script>", "", " ",
      "null", "NaN", "-0", "1e400", "9223372036854775808", "models:/x/1", "runs:/x/model", "Production", "None"};
  private static final String[] NUMBERS = {
      "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "-1", "0", "1.5", "-0", "2147483648",
      "NaN", "Infinity", "\"NaN\"", "\"-Infinity\"", "\"1e400\"", "\"12\"", "\"x\"", "true", "null", "[]", "{}"};
  private static final String[] BROKEN = {
      "", "{", "[1,", "{\"a\"}", "{\"a\":}", "null", "[]", "\"a string\"", "1", "{}{}", "{} xyz", "{\"a\":1,\"a\":2}",
      "[".repeat(2000) + "]".repeat(2000), "{\"a\":".repeat(1500) + "1" + "}".repeat(1500)};
  private static final String[] FILTERS = {
      "name = 'x'", "name LIKE '%'", "name ILIKE 'FUZZ%'", "name = \"x\"", "tags.k0 = 'v'", "tags.`a b` != 'v'",
      "tag.k3 LIKE '%'", "name = 'x' AND tags.k = 'v'", "name = 'x' and run_id = 'abc'", "name != 'x'",
      "name = 'x' OR 1=1", "name = ''", "name = '" + "n".repeat(201) + "'", "tags.`` = 'v'", "tags. = 'v'",
      "name = 'a\u0000b'", "name = '\ud800'", "tags.k = '" + "v".repeat(5001) + "'", "tags.`" + "k".repeat(251)
      + "` = 'v'", "name", "name =", "= 'x'", "name = 'x' AND", "AND name = 'x'", "name IN ('x')", "run_id = '1'",
      "name = 'x';DROP TABLE run", "attributes.name = 'x'", "name LIKE 'x", "tags.k > 'v'", "  ", "\u0000",
      "name LIKE '%\\'", "name ILIKE '\\\\%'", "tags.k0 LIKE '%\\'", "tags.k1 ILIKE '\\_'", "tags.k2 LIKE '%\\\\'",
      "name LIKE '[a-z]%'"};
  private static final String[] ORDERS = {
      "name", "name ASC", "name DESC", "name desc", "attributes.name", "attribute.last_updated_timestamp DESC",
      "version_number", "creation_timestamp ASC", "last_updated_timestamp", "name ASC DESC", "name UP", "", " ",
      "foo", "name;DROP TABLE run", "start_time DESC", "metrics.loss", "params.lr ASC", "tags.k", "\u0000",
      "attributes.start_time", "run_name", "status DESC"};

  private final Random random;
  private final String experiment;
  private final List<String> runs;
  private final String trainedRun;
  private final String model;
  private final List<String> sources;
  private final Map<HostileRequest, List<Logged>> logs = new IdentityHashMap<>();
  private long nextStep;
  private int nextTag;

  /** A metric point or run tag a valid call logs: a point when {@code step} is not null, a tag otherwise. */
  record Logged(String run, String key, Long step, String value) {}

  /**
   * @param experiment the id of an experiment of the fuzz test's own
   * @param runs tracked runs (MLflow ids) of that experiment, which the valid calls log to
   * @param trainedRun a run that Pedigree trains, which takes no MLflow writes
   * @param model a registered model of the fuzz test's own, with versions 1 and 2
   * @param sources model artifact ids that are no version yet, for valid version creations
   */
  HostileMlflowRequests(long seed, String experiment, List<String> runs, String trainedRun, String model,
      List<String> sources) {
    this.random = new Random(seed);
    this.experiment = experiment;
    this.runs = List.copyOf(runs);
    this.trainedRun = trainedRun;
    this.model = model;
    this.sources = List.copyOf(sources);
  }

  /** What {@code request} logs if it is accepted: nothing unless it is one of the valid calls. */
  List<Logged> logged(HostileRequest request) {
    return logs.getOrDefault(request, List.of());
  }

  HostileRequest next() {
    if (random.nextInt(4) == 0) {
      return valid();
    }
    if (random.nextInt(3) == 0) {
      return oneDefect();
    }
    return switch (random.nextInt(14)) {
      case 0 -> post("experiments/create", experimentCreation());
      case 1 -> post("runs/create", runCreation());
      case 2 -> post("runs/update", runUpdate());
      case 3, 4 -> post(pick("runs/log-metric", "runs/log-batch"), metricWrite());
      case 5 -> post(pick("runs/log-parameter", "runs/set-tag"), keyValueWrite());
      case 6 -> trackingRead();
      case 7 -> search();
      case 8 -> modelWrite();
      case 9, 10 -> versionWrite();
      case 11 -> registryRead();
      case 12 -> wrongMethod();
      default -> broken();
    };
  }

  // ---- valid calls ------------------------------------------------------------------------------------------------

  private HostileRequest valid() {
    String run = pick(runs.toArray(String[]::new));
    return switch (random.nextInt(8)) {
      case 0 -> {
        long step = nextStep++;
        double value = random.nextInt(1 << 20) / 8.0;
        yield remember(post("runs/log-metric", "{\"run_id\":\"" + run + "\",\"key\":\"" + KEY + "\",\"value\":"
            + value + ",\"timestamp\":" + System.currentTimeMillis() + ",\"step\":" + step + "}"),
            List.of(new Logged(run, KEY, step, Double.toString(value))));
      }
      case 1 -> {
        List<Logged> points = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
          long step = nextStep++;
          double value = -random.nextInt(1 << 20) / 4.0;
          points.add(new Logged(run, KEY, step, Double.toString(value)));
          metrics.add("{\"key\":\"" + KEY + "\",\"value\":" + value + ",\"timestamp\":\"" + System.currentTimeMillis()
              + "\",\"step\":\"" + step + "\"}");
        }
        yield remember(post("runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[" + String.join(",", metrics)
            + "]}"), points);
      }
      case 2 -> {
        String key = TAG_PREFIX + nextTag++;
        String value = "v" + random.nextInt(1000);
        yield remember(post("runs/set-tag", "{\"run_id\":\"" + run + "\",\"key\":\"" + key + "\",\"value\":\""
            + value + "\"}"), List.of(new Logged(run, key, null, value)));
      }
      case 3 -> get("metrics/get-history?run_id=" + run + "&metric_key=" + KEY + "&max_results=" + pick("1", "10",
          "1000"));
      case 4 -> post("model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"pedigree:/artifacts/"
          + pick(sources.toArray(String[]::new)) + "\"}");
      case 5 -> post("model-versions/" + pick("set-tag", "transition-stage"), "{\"name\":\"" + model
          + "\",\"version\":\"" + pick("1", "2") + "\",\"key\":\"k" + random.nextInt(5) + "\",\"value\":\"v\","
          + "\"stage\":\"" + pick("Staging", "Production", "Archived", "None") + "\"}");
      case 6 -> post("registered-models/" + pick("set-tag", "alias"), "{\"name\":\"" + model + "\",\"key\":\"k"
          + random.nextInt(5) + "\",\"value\":\"v\",\"alias\":\"fuzz\",\"version\":" + pick("1", "2") + "}");
      default -> get(pick("runs/get?run_id=" + run, "experiments/get?experiment_id=" + experiment,
          "registered-models/get?name=" + model, "model-versions/get?name=" + model + "&version=" + pick("1", "2"),
          "model-versions/search?filter=" + encode("name = '" + model + "'")));
    };
  }

  private HostileRequest remember(HostileRequest request, List<Logged> logged) {
    logs.put(request, logged);
    return request;
  }

  // ---- one defect -------------------------------------------------------------------------------------------------

  /**
   * A valid call with one defect at most: a field left out, of another type, hostile, or one more. The other
   * generators mangle a call in many places at once, so most of their calls stop at its first check; these reach
   * the last, and the query behind it.
   */
  private HostileRequest oneDefect() {
    String run = str(pick(runs.toArray(String[]::new)));
    String name = str(model);
    String version = pick("\"1\"", "\"2\"", "1");
    String fresh = str("fuzz-mlflow-" + Long.toHexString(random.nextLong()));
    String now = Long.toString(System.currentTimeMillis());
    String tags = "[" + element("key", str("k" + random.nextInt(5)), "value", str("v")) + "]";
    Map<String, String> body;
    String path;
    switch (random.nextInt(14)) {
      case 0 -> {
        path = "runs/log-metric";
        body = fields("run_id", run, "key", str("fuzz/other"), "value", "0.5", "timestamp", now, "step", "3");
      }
      case 1 -> {
        path = "runs/log-batch";
        body = fields("run_id", run, "metrics", "[" + element("key", str("fuzz/other"), "value", "1.5", "timestamp",
            now, "step", Integer.toString(random.nextInt(100))) + "]", "params", "[" + element("key",
            str("p" + random.nextInt(1000)), "value", str("v")) + "]", "tags", tags);
      }
      case 2 -> {
        path = "runs/update";
        body = fields("run_id", run, "status", str(pick("RUNNING", "FINISHED")), "run_name", str("renamed"),
            "end_time", now);
      }
      case 3 -> {
        path = "runs/create";
        body = fields("experiment_id", str(experiment), "run_name", str("fuzz"), "start_time", now, "user_id",
            str("fuzz"), "tags", tags);
      }
      case 4 -> {
        path = "runs/search";
        body = fields("experiment_ids", "[" + str(experiment) + "]", "order_by", "[\"start_time DESC\"]",
            "max_results", "5", "page_token", str("1"), "run_view_type", str("ACTIVE_ONLY"));
      }
      case 5 -> {
        path = "experiments/create";
        body = fields("name", fresh);
      }
      case 6 -> {
        path = "registered-models/create";
        body = fields("name", fresh, "tags", tags, "description", str("d"));
      }
      case 7 -> {
        path = "registered-models/update";
        body = fields("name", name, "description", str("d"));
      }
      case 8 -> {
        path = "registered-models/alias";
        body = fields("name", name, "alias", str(pick("champion", "fuzz")), "version", version);
      }
      case 9 -> {
        path = "model-versions/create";
        body = fields("name", name, "source", str("pedigree:/artifacts/" + pick(sources.toArray(String[]::new))),
            "run_id", str(trainedRun), "tags", tags, "description", str("d"));
      }
      case 10 -> {
        path = "model-versions/transition-stage";
        body = fields("name", name, "version", version, "stage", str(pick("Staging", "Production", "Archived")),
            "archive_existing_versions", pick("true", "false"));
      }
      case 11 -> {
        path = "model-versions/update";
        body = fields("name", name, "version", version, "description", str("d"));
      }
      case 12 -> {
        path = pick("model-versions/set-tag", "registered-models/set-tag");
        body = fields("name", name, "version", version, "key", str("k" + random.nextInt(5)), "value", str("v"));
      }
      default -> {
        path = pick("registered-models/search", "model-versions/search");
        body = fields("filter", str(pick(FILTERS)), "order_by", "[\"name ASC\"]", "max_results", "5", "page_token",
            str("0"));
      }
    }
    String json = withOneDefect(body);
    return path.endsWith("/update") && !path.startsWith("runs") ? send("PATCH", path, json) : post(path, json);
  }

  /** An object of the fields and their JSON values given in turn, now and then with one defect. */
  private String element(String... fieldsAndValues) {
    return random.nextInt(4) == 0 ? withOneDefect(fields(fieldsAndValues)) : json(fields(fieldsAndValues));
  }

  private String withOneDefect(Map<String, String> body) {
    String field = pick(body.keySet().toArray(String[]::new));
    switch (random.nextInt(6)) {
      case 0 -> body.remove(field);
      case 1 -> body.put(field, value());
      case 2 -> body.put(field, number());
      case 3 -> body.put(field, str(hostileString()));
      case 4 -> body.put("x-" + field, value());
      default -> { }
    }
    return json(body);
  }

  private static Map<String, String> fields(String... fieldsAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return fields;
  }

  private static String json(Map<String, String> fields) {
    List<String> members = new ArrayList<>();
    fields.forEach((key, value) -> members.add(str(key) + ":" + value));
    return "{" + String.join(",", members) + "}";
  }

  // ---- tracking ---------------------------------------------------------------------------------------------------

  private String experimentCreation() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", pick(value(), str("fuzz-mlflow-" + hostileString()), str("Default"), str("default"),
        str("x".repeat(101)), str("a/b"), str("")));
    if (random.nextBoolean()) {
      body.put("tags", pick(value(), "[{\"key\":\"k\",\"value\":\"v\"}]", "[{\"value\":\"v\"}]"));
    }
    return render(body);
  }

  private String runCreation() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("experiment_id", pick(str(experiment), str("0"), value(), str("-1"), str("99999999999999999999"),
        str(experiment + "x"), "" + experiment));
    switch (random.nextInt(5)) {
      case 0 -> body.put("run_name", value());
      case 1 -> body.put("user_id", value());
      case 2 -> body.put("start_time", number());
      case 3 -> body.put("tags", keyValues());
      default -> body.put(pick("run_name", "user_id"), str(hostileString()));
    }
    return render(body);
  }

  private String runUpdate() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put(pick("run_id", "run_uuid"), runIdValue());
    body.put("status", pick(value(), str("FINISHED"), str("RUNNING"), str("finished"), str("DELETED"), "1"));
    if (random.nextBoolean()) {
      body.put(pick("end_time", "run_name"), random.nextBoolean() ? number() : value());
    }
    return render(body);
  }

  /** A log-metric or log-batch body: the two share run_id and, here, every other field, as MLflow ignores extras. */
  private String metricWrite() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("run_id", runIdValue());
    body.put("key", str(pick("loss", "a/b", hostileString())));
    body.put("value", number());
    body.put("step", random.nextBoolean() ? number() : "1");
    body.put("timestamp", random.nextBoolean() ? number() : "1");
    List<String> metrics = new ArrayList<>();
    for (int i = random.nextInt(random.nextInt(20) == 0 ? 1100 : 4); i > 0; i--) {
      metrics.add(random.nextInt(3) == 0 ? value()
          : "{\"key\":" + str(pick("loss", hostileString())) + ",\"value\":" + number() + ",\"step\":" + number()
              + ",\"timestamp\":" + number() + "}");
    }
    body.put("metrics", random.nextInt(8) == 0 ? value() : "[" + String.join(",", metrics) + "]");
    if (random.nextBoolean()) {
      body.put(pick("params", "tags"), keyValues());
    }
    return render(body);
  }

  private String keyValueWrite() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("run_id", runIdValue());
    body.put("key", random.nextBoolean() ? str(hostileString()) : value());
    body.put("value", random.nextBoolean() ? str(hostileString()) : value());
    return render(body);
  }

  private String keyValues() {
    List<String> entries = new ArrayList<>();
    for (int i = random.nextInt(random.nextInt(20) == 0 ? 120 : 4); i > 0; i--) {
      entries.add(random.nextInt(4) == 0 ? value()
          : "{\"key\":" + str(pick("k", "k", hostileString())) + ",\"value\":" + pick(str(hostileString()), value(),
              str("v".repeat(pick(6001, 8001, 5001)))) + "}");
    }
    return random.nextInt(8) == 0 ? value() : "[" + String.join(",", entries) + "]";
  }

  private HostileRequest trackingRead() {
    return switch (random.nextInt(4)) {
      case 0 -> get("experiments/get?experiment_id=" + parameter(experiment));
      case 1 -> get("experiments/get-by-name?experiment_name=" + parameter("fuzz"));
      case 2 -> get("runs/get?" + pick("run_id", "run_uuid", "id") + "=" + parameter(runId()));
      default -> get("metrics/get-history?run_id=" + parameter(runId()) + "&metric_key=" + parameter(KEY)
          + "&max_results=" + parameter("10") + "&page_token=" + parameter("0"));
    };
  }

  /** A search whose fields are each left out, usual or hostile, so that a share of them runs its query. */
  private HostileRequest search() {
    String what = pick("experiments/search", "runs/search", "registered-models/search", "model-versions/search");
    Map<String, String> body = new LinkedHashMap<>();
    if (what.equals("runs/search")) {
      body.put("experiment_ids", pick("[" + str(experiment) + "]", "[\"0\"]", "[" + value() + "]", value(),
          "[\"99999\",\"-1\"]"));
    }
    body.put("filter", random.nextInt(6) == 0 ? value() : str(pick(FILTERS)));
    switch (random.nextInt(3)) {
      case 0 -> body.put("order_by", "[" + str(pick(ORDERS)) + "]");
      case 1 -> body.put("order_by", random.nextBoolean() ? value() : "[" + str(pick(ORDERS)) + "," + str(pick(ORDERS))
          + "]");
      default -> { }
    }
    if (random.nextBoolean()) {
      body.put("max_results", random.nextBoolean() ? pick("10", "\"10\"", "1") : number());
    }
    if (random.nextBoolean()) {
      body.put("page_token", random.nextBoolean() ? str(pick("0", "1", "10"))
          : pick(str(hostileString()), str("-1"), str("9223372036854775807"), value()));
    }
    if (what.startsWith("experiments") || random.nextBoolean()) {
      return post(what, render(body));
    }
    String query = "filter=" + parameter(pick(FILTERS));
    if (random.nextBoolean()) {
      query += "&order_by=" + parameter(pick(ORDERS)) + "&order_by=" + parameter(pick(ORDERS));
    }
    if (random.nextBoolean()) {
      query += "&" + pick("max_results", "page_token") + "=" + parameter(pick("1", "10", "0"));
    }
    return get(what + "?" + query);
  }

  // ---- model registry ---------------------------------------------------------------------------------------------

  private HostileRequest modelWrite() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", modelName());
    return switch (random.nextInt(6)) {
      case 0 -> {
        body.put(pick("tags", "description"), random.nextBoolean() ? keyValues() : value());
        yield post("registered-models/create", render(body));
      }
      case 1 -> {
        body.put("description", pick(value(), str("d".repeat(5001)), str("a\u0000b")));
        yield send("PATCH", "registered-models/update", render(body));
      }
      case 2 -> {
        body.put("alias", pick(str(hostileString()), value(), str("latest"), str("v1"), str("fuzz")));
        body.put("version", version());
        yield random.nextBoolean() ? post("registered-models/alias", render(body))
            : send("DELETE", "registered-models/alias", render(body));
      }
      case 3 -> {
        body.putAll(Map.of("key", str(hostileString()), "value", value()));
        yield random.nextBoolean() ? post("registered-models/set-tag", render(body))
            : send("DELETE", "registered-models/delete-tag", render(body));
      }
      case 4 -> post("registered-models/rename", render(body));
      default -> send("DELETE", pick("registered-models/delete", "model-versions/delete"), render(body));
    };
  }

  private HostileRequest versionWrite() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", modelName());
    body.put("version", version());
    return switch (random.nextInt(5)) {
      case 0 -> {
        body.remove("version");
        body.put("source", pick(value(), str(hostileString()), str("pedigree:/artifacts/" + UUID.randomUUID()),
            str("runs:/" + trainedRun + "/model"), str("runs:/" + runId() + "/model"),
            str("pedigree:/artifacts/" + pick(sources.toArray(String[]::new)))));
        if (random.nextBoolean()) {
          body.put(pick("run_id", "tags", "description"), random.nextBoolean() ? keyValues() : value());
        }
        yield post("model-versions/create", render(body));
      }
      case 1 -> {
        body.put("stage", pick(value(), str("production"), str("Staging"), str("Deleted"), str("")));
        body.put("archive_existing_versions", pick("true", "false", value()));
        yield post("model-versions/transition-stage", render(body));
      }
      case 2 -> {
        body.put("key", random.nextBoolean() ? str(hostileString()) : value());
        body.put("value", pick(value(), str("v"), str("v".repeat(5001))));
        yield random.nextBoolean() ? post("model-versions/set-tag", render(body))
            : send("DELETE", "model-versions/delete-tag", render(body));
      }
      case 3 -> {
        body.put("description", value());
        yield send("PATCH", "model-versions/update", render(body));
      }
      default -> send("DELETE", "model-versions/delete-tag?name=" + parameter(model) + "&version="
          + parameter("1") + "&key=" + parameter("k"), null);
    };
  }

  private HostileRequest registryRead() {
    String name = parameter(model);
    return switch (random.nextInt(6)) {
      case 0 -> get("registered-models/get?name=" + name);
      case 1 -> get("registered-models/get-latest-versions?name=" + name + "&stages=" + parameter("Production")
          + "&stages=" + parameter("None"));
      case 2 -> get("registered-models/alias?name=" + name + "&alias=" + parameter("fuzz"));
      case 3 -> get("model-versions/get?name=" + name + "&version=" + parameter("1"));
      case 4 -> get("model-versions/get-download-uri?name=" + name + "&version=" + parameter("2"));
      default -> post("registered-models/get-latest-versions", "{\"name\":" + modelName() + ",\"stages\":"
          + pick("[\"Production\"]", "[\"production\"]", "[\"Gone\"]", "\"Production\"", "[1]", value()) + "}");
    };
  }

  // ---- requests ---------------------------------------------------------------------------------------------------

  private HostileRequest wrongMethod() {
    String path = pick("runs/create", "runs/get?run_id=" + runs.get(0), "runs/log-batch", "experiments/get",
        "registered-models/get?name=" + model, "registered-models/create", "model-versions/set-tag",
        "registered-models/alias", "model-versions/transition-stage", "metrics/get-history", "nosuch",
        "runs/delete", "experiments/delete", "runs/log-inputs", "artifacts/list", "", "runs/../runs/create",
        "runs%2Fget", "runs/get%00", "runs%5Cget", "%2e%2e/mlflow/runs/get", "runs/get;x=1", "runs//get");
    return send(pick("PUT", "PATCH", "DELETE", "GET", "POST", "TRACE", "PROPFIND", "OPTIONS"), path,
        random.nextBoolean() ? null : "{\"run_id\":\"" + runs.get(0) + "\"}");
  }

  private HostileRequest broken() {
    String path = pick("runs/create", "runs/log-batch", "runs/log-metric", "experiments/create",
        "registered-models/create", "model-versions/create", "model-versions/transition-stage", "runs/search",
        "registered-models/search");
    byte[] body = random.nextInt(4) == 0 ? randomBytes() : pick(BROKEN).getBytes(StandardCharsets.UTF_8);
    return request("POST", path, body, pick("application/json", "application/json", "text/plain", "application/xml",
        "application/*", "application/json; charset=bogus", null), random.nextInt(5) == 0);
  }

  private HostileRequest get(String path) {
    return request("GET", path, null, null, false);
  }

  private HostileRequest post(String path, String body) {
    return send("POST", path, body);
  }

  private HostileRequest send(String method, String path, String body) {
    return request(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        body == null ? null : "application/json", false);
  }

  /** A user-facing token now and then missing, forged or the worker's, which writes nothing here. */
  private HostileRequest request(String method, String path, byte[] body, String contentType, boolean chunked) {
    String credential = random.nextInt(10) == 0 ? pick("none", "forged", "worker") : "admin";
    String authorization = switch (credential) {
      case "admin" -> "Bearer " + Http.ADMIN;
      case "worker" -> "Bearer " + Http.WORKER;
      case "forged" -> "Bearer pdg_" + UUID.randomUUID();
      default -> null;
    };
    String accept = random.nextInt(10) == 0 ? pick("application/xml", "text/html", "*/*", "image/png") : null;
    return new HostileRequest(method, MLFLOW + path, contentType, accept, credential, authorization, body, chunked,
        true);
  }

  /** {@code json} with one field given twice now and then, which MLflow's JSON reader refuses. */
  private String render(Map<String, String> body) {
    List<String> members = new ArrayList<>();
    body.forEach((key, value) -> members.add(str(key) + ":" + value));
    if (random.nextInt(10) == 0 && !members.isEmpty()) {
      members.add(pick(members.toArray(String[]::new)));
    }
    if (random.nextInt(6) == 0) {
      members.add(str("x-" + hostileString()) + ":" + value());
    }
    String json = "{" + String.join(",", members) + "}";
    return random.nextInt(15) == 0 ? json.substring(0, random.nextInt(json.length())) : json;
  }

  // ---- values -----------------------------------------------------------------------------------------------------

  /** A run id field's JSON value: a run id's text, or no string at all. */
  private String runIdValue() {
    return random.nextInt(3) == 0 ? pick(value(), str(runId())) : str(runId());
  }

  /** A run id as text: a fuzz run's, a trained run's, or one of no run. */
  private String runId() {
    return pick(runs.get(0), runs.get(runs.size() - 1), trainedRun, trainedRun.replace("-", ""),
        UUID.randomUUID().toString(), "0".repeat(32), "1", "", runs.get(0).toUpperCase(), runs.get(0) + "0",
        hostileString());
  }

  private String modelName() {
    return random.nextInt(3) == 0 ? str(model)
        : pick(value(), str("nosuch-" + model), str(model.toUpperCase()), str("a/b"), str("m".repeat(129)), str(""),
            str(hostileString()));
  }

  private String version() {
    return pick("1", "\"1\"", "\"2\"", "3", "\"99999\"", "0", "-1", "\"01\"", "1.5", "\"1.0\"", "2147483648",
        "9223372036854775808", "\"x\"", "null", "[]", "{}", "true");
  }

  private String number() {
    return random.nextBoolean() ? pick(NUMBERS) : Long.toString(random.nextLong());
  }

  private String value() {
    return switch (random.nextInt(6)) {
      case 0, 1 -> str(hostileString());
      case 2 -> pick(NUMBERS);
      case 3 -> "[" + str(hostileString()) + "," + pick(NUMBERS) + "]";
      case 4 -> "{" + str(hostileString()) + ":" + pick(NUMBERS) + "}";
      default -> pick("true", "false", "null", "[".repeat(600) + "]".repeat(600));
    };
  }

  private String hostileString() {
    return switch (random.nextInt(10)) {
      case 0 -> "s".repeat(random.nextInt(8) == 0 ? 100_000 : 200 + random.nextInt(9000));
      case 1 -> randomUnicode();
      default -> pick(STRINGS);
    };
  }

  private String randomUnicode() {
    StringBuilder text = new StringBuilder();
    for (int i = 1 + random.nextInt(30); i > 0; i--) {
      text.append((char) (random.nextBoolean() ? random.nextInt(0x20) : random.nextInt(0x10000)));
    }
    return text.toString();
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(1024)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * A query parameter: {@code usual} or a hostile one, percent-encoded, or bytes that decode to nothing. Never long:
   * Tomcat refuses a request line over 8 KiB before it knows the path, so before it could answer in MLflow's shape.
   */
  private String parameter(String usual) {
    return switch (random.nextInt(6)) {
      case 0, 1, 2 -> encode(upTo1000(usual));
      case 3 -> pick("%FF", "%00", "%ED%A0%80", "", "%25", "%C0%80");
      default -> encode(upTo1000(hostileString()));
    };
  }

  private static String upTo1000(String text) {
    return text.substring(0, Math.min(text.length(), 1000));
  }

  /** A JSON string literal, with control characters and lone surrogates escaped. */
  private static String str(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
