package dev.pedigree.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Malformed, oversized, wrongly typed and hostile requests across the API, from one seeded {@link Random}. Every write
 * carries at least one defect that the API must refuse (its "anchor"), however the rest of the request is mangled, so
 * no generated write may change the database. JSON is written by hand: hostile inputs need what a JSON library would
 * not write (duplicate keys, lone surrogates, 1e400, 10,000 levels of nesting).
 */
final class HostileRequests {
  private static final int ONE_MIB = 1 << 20;

  private static final String[] STRINGS = {
      "' OR '1'='1", "'; DROP TABLE run; --", "\"; DELETE FROM api_token; --", "1; SELECT pg_sleep(10)",
      "' UNION SELECT token_hash FROM api_token --", "%", "_", "\\", "$1", "%' AND 1=1 --", "\u0000", "a\u0000b",
      "\ud800", "\udc00x", "\udbff\udbff", "\u202eexe.txt", "\u200b", "\ufeff", "\ud83d\ude00", "\u03a9\u2248\u00e7",
      "\u05e9\u05dc\u05d5\u05dd", "\n\r\t\b\f", "%s%n%x", "../../etc/passwd", "<script>alert(1)</script>",
      "${jndi:ldap://x/a}", "", " ", "null", "true", "NaN", "-0", "1e400", "9223372036854775808"};
  private static final String[] NUMBERS = {
      "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "-0", "-0.0",
      "1e-400", "4.9e-324", "1.7976931348623157e309", "2147483648", "-2147483649", "123456789012345678901234567890",
      "0.1", "-1", "0"};
  private static final String[] BROKEN_JSON = {
      "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", "1.", ".5", "1e", "--1", "{", "[1,", "\"unterminated",
      "'single'", "/*c*/1", "tru", "]", "{\"a\"}", "{\"a\":}", "[1,]", "{,}", "\"\\x41\"", "\"\\ud800\\u\""};
  private static final String[] CONTENT_TYPES = {
      "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/json; charset=bogus", "application/json; charset=utf-16", "application/json;;;", "*/*",
      "application/*", "text/json", "application/problem+json", "application/yaml", "application/octet-stream",
      "application/json; charset=\"\u00e9\"", "x"};
  private static final String[] ACCEPTS = {"application/xml", "text/html", "*/*", "application/yaml", "image/png",
      "application/json;q=abc", "text/event-stream"};
  private static final String[] SHAPES_OF_BODY = {"", "null", "[]", "\"a string\"", "1", "true", "{}{}", "{} xyz"};

  private final Random random;
  private final String run;
  private final String userToken;
  private final String model;
  private final String pipeline;

  /**
   * {@code run}: an existing, ended run, so that worker endpoints get past the 404 to their validation;
   * {@code userToken}: a user token of another project than the default one; {@code model}: a registered model of the
   * default project without versions or aliases; {@code pipeline}: a pipeline of the default project that waits at its
   * gate stage {@code ask}, before its gate stage {@code later}.
   */
  HostileRequests(long seed, UUID run, String userToken, String model, UUID pipeline) {
    this.random = new Random(seed);
    this.run = run.toString();
    this.userToken = userToken;
    this.model = model;
    this.pipeline = pipeline.toString();
  }

  HostileRequest next() {
    if (random.nextInt(4000) == 0) {
      String body = padded(metricsBatch(), 32 * ONE_MIB + 1 + random.nextInt(1000));
      return finish(new Draft("POST", "/api/v1/runs/" + run + "/metrics", "worker", Http.WORKER,
          body.getBytes(StandardCharsets.UTF_8), true, false));
    }
    if (random.nextInt(150) == 0) {
      return oversized();
    }
    return switch (random.nextInt(18)) {
      case 0, 1 -> submitRun();
      case 2 -> listRuns();
      case 3, 4 -> unknownTarget();
      case 5, 6 -> write("POST", "/api/v1/runs/" + run + "/metrics", metricsBatch());
      case 7 -> write("POST", "/api/v1/runs/" + run + "/attempts", attemptReport());
      case 8 -> write("POST", "/api/v1/runs/" + run + "/artifacts", artifactRegistration());
      case 9 -> createToken();
      case 10 -> readRun();
      case 11 -> registryWrite();
      case 12 -> readRegistry();
      case 13 -> submitSweep();
      case 14 -> random.nextBoolean() ? readSweeps() : readUsage();
      case 15 -> decideGate();
      case 16 -> submitGatedPipeline();
      default -> wrongMethod();
    };
  }

  // ---- endpoints --------------------------------------------------------------------------------------------------

  private HostileRequest submitRun() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", str("fuzz"));
    body.put("kind", str("pretrain"));
    if (random.nextBoolean()) {
      body.put("project", str("default"));
    }
    body.put("spec", "{\"training\":{\"steps\":1}}");
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(9)) {
      case 7 -> {
        body.put("kind", str("merge"));
        body.put("spec", "{\"method\":\"linear\",\"parents\":[" + str(modelReference()) + ","
            + str(modelReference()) + "],\"weights\":[0.5,0.5]}");
      }
      case 0 -> body.put("kind", str(hostileString()));
      case 1 -> body.put("name", invalidName(200));
      case 2 -> body.put("project", random.nextBoolean() ? str("'" + hostileString()) : nonString());
      case 3 -> body.put("spec", nonObject());
      case 4 -> body.put(unknownKey(), value(0));
      case 5 -> body.put("spec", "{\"training\":{\"steps\":" + pick("\"5\"", "1.5", "-1", "0", "1e400",
          "9223372036854775808", "100000001", "true", "[]", "{}", str(hostileString())) + "}}");
      case 6 -> body.put("spec", "{\"model\":{" + str(unknownKey()) + ":" + value(0) + "}}");
      default -> body.remove(pick("name", "kind", "spec"));
    }
    mangle(body, base, "name", "project");
    int credential = random.nextInt(10);
    if (credential < 2) {
      return write("POST", "/api/v1/runs", "user", userToken, render(body), false);
    }
    return write("POST", "/api/v1/runs", render(body));
  }

  private String metricsBatch() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("attempt", "1");
    body.put("series", "[{\"key\":\"train/loss\",\"points\":[[0,1.0]]}]");
    switch (random.nextInt(6)) {
      case 0 -> body.put("attempt", pick("0", "-1", "-0", "2147483648", "\"1\"", "1.5", "null", "true", "1e400",
          "[]", "{}", str(hostileString())));
      case 1 -> body.put(unknownKey(), value(0));
      case 2 -> body.put("series", nonArray());
      case 3 -> body.put("series", "[" + validSeries() + "," + invalidSeries() + "]");
      default -> body.remove(pick("attempt", "series"));
    }
    return render(body);
  }

  private String validSeries() {
    return "{\"key\":" + str("k" + hostileString()) + ",\"points\":[[1,"
        + pick("0.5", "-0", "1e300", "-1e-300", "NaN", "\"-Infinity\"", "1e400") + "]]}";
  }

  private String invalidSeries() {
    return switch (random.nextInt(6)) {
      case 0 -> nonObject();
      case 1 -> "{\"key\":" + invalidName(200) + ",\"points\":[[0,1]]}";
      case 2 -> "{\"key\":\"k\",\"points\":[" + pick("[]", "[1]", "[1,2,3,4]", "[-1,1]", "[9007199254740992,1]",
          "[1.5,1]", "[\"1\",1]", "[1,\"nan\"]", "[1,null]", "[1,\"1\"]", "[1,true]", "[1,[]]", "[1,1,-1]",
          "[1,1,253402300800000]", "[1,1,1.5]", "{}", "null", "1") + "]}";
      case 3 -> "{\"key\":\"k\",\"points\":[[0,1]]," + str(unknownKey()) + ":" + value(0) + "}";
      case 4 -> "{\"points\":[[0,1]]}";
      default -> "{\"key\":\"k\",\"points\":" + nonArray() + "}";
    };
  }

  private String attemptReport() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("attempt", "1");
    body.put("fromStep", "0");
    body.put("worker", str("worker-1"));
    body.put("device", str("cpu"));
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(6)) {
      case 0 -> body.put("attempt", pick("0", "-1", "-0", "-2147483648", "2147483648", "null", "\"x\"", "[]", "{}",
          "\"0\"", "9223372036854775808"));
      case 1 -> body.put("fromStep", pick("-1", "-9223372036854775808", "null", "\"x\"", "[]", "{}",
          "9223372036854775808"));
      case 2 -> body.put("worker", pick("\"\"", "\"   \"", "null", str("w".repeat(201 + random.nextInt(5000))),
          str("worker\u0000"), str("w\nx")));
      case 3 -> body.put("device", pick("\"\"", "\"  \"", "null", str("d".repeat(51 + random.nextInt(500))),
          str("cpu\u0000")));
      case 4 -> body.put("heldSeconds", pick("-1", "-1e-300", "604801", "1e400", "-1e400", "\"5\"", "\"NaN\"",
          "NaN", "true", "[]", "{}", "9223372036854775808"));
      default -> body.remove(pick("worker", "device"));
    }
    if (random.nextInt(3) == 0) {
      body.put(unknownKey(), value(0));
    }
    mangle(body, base, "worker", "device");
    return render(body);
  }

  private String artifactRegistration() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("kind", str("model"));
    body.put("name", str("model.safetensors"));
    body.put("uri", str("file:///tmp/fuzz/model.safetensors"));
    body.put("sha256", str("0".repeat(64)));
    body.put("bytes", "1");
    body.put("format", str("safetensors"));
    body.put("metadata", "{}");
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(5)) {
      case 0 -> body.put("kind", random.nextBoolean() ? str(hostileString()) : pick("1", "[]", "{}", "null"));
      case 1 -> body.put("sha256", pick(str(hostileString()), str("A".repeat(64)), str("0".repeat(63)), "null"));
      case 2 -> body.put("bytes", pick("-1", "-9223372036854775808", "null", "\"x\"", "[]", "9223372036854775808"));
      case 3 -> body.put(pick("name", "uri", "format"), pick("\"\"", "null", str("n".repeat(2001)), str("a\u0000b")));
      default -> body.put("metadata", pick("\"x\"", "[1]", "1", "true", "{\"k\":\"\\u0000\"}",
          "{\"\\u0000\":1}", "{\"k\":[{\"deeper\":\"a\\u0000\"}]}"));
    }
    if (random.nextBoolean() && "{}".equals(body.get("metadata"))) {
      body.put("metadata", random.nextBoolean() ? hostileObject(0) : deep(pick(64, 499)));
    }
    mangle(body, base, "name", "uri");
    return render(body);
  }

  private HostileRequest createToken() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", str("fuzz-token"));
    body.put("role", str("user"));
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(7)) {
      case 0 -> body.put("role", random.nextBoolean() ? str(hostileString()) : nonString());
      case 1 -> body.put("name", invalidName(200));
      case 2 -> body.put("project", random.nextBoolean() ? str("'" + hostileString()) : pick("1", "[]", "{}", "true"));
      case 3 -> {
        body.put("role", str(pick("admin", "worker")));
        body.put("project", str("fuzz-project"));
      }
      case 4 -> body.put(unknownKey(), value(0));
      case 5 -> body.remove(pick("name", "role"));
      default -> {
        return write("POST", "/api/v1/tokens", pick("user", "worker"),
            random.nextBoolean() ? userToken : Http.WORKER, render(body), false);
      }
    }
    mangle(body, base, "name");
    return write("POST", "/api/v1/tokens", render(body));
  }

  private HostileRequest listRuns() {
    List<String> parameters = new ArrayList<>();
    for (int i = random.nextInt(5); i >= 0; i--) {
      String name = pick("status", "kind", "project", "q", "page", "size", "status", "q", "sort", hostileString());
      parameters.add(encode(name) + "=" + parameterValue());
    }
    return read("/api/v1/runs?" + String.join("&", parameters));
  }

  private HostileRequest readRun() {
    return switch (random.nextInt(5)) {
      case 0 -> read("/api/v1/runs/" + run);
      case 1 -> read("/api/v1/runs/" + run + "/metrics/keys");
      case 2 -> read("/api/v1/runs/compare?ids=" + run + "," + parameterValue() + "&key=" + parameterValue()
          + "&maxPoints=" + parameterValue() + "&fromStep=" + stepValue() + "&toStep=" + stepValue() + "&times="
          + pick("true", "false", "TRUE", "1", "yes", parameterValue()));
      default -> read("/api/v1/runs/" + run + "/metrics?key=" + parameterValue() + "&maxPoints=" + parameterValue());
    };
  }

  /** Ids of no run or artifact, in every shape: the API must answer 404 (or 400) before touching anything. */
  private HostileRequest unknownTarget() {
    String id = badId();
    return switch (random.nextInt(11)) {
      case 0 -> read("/api/v1/runs/" + id);
      case 1 -> read("/api/v1/runs/" + id + "/metrics");
      case 2 -> read("/api/v1/runs/" + id + "/metrics/keys");
      case 3 -> read("/api/v1/runs/" + id + "/events");
      case 4 -> read("/api/v1/artifacts/" + id);
      case 5 -> read("/api/v1/artifacts/" + id + "/lineage?direction=" + parameterValue() + "&depth=" + parameterValue());
      case 6 -> write("POST", "/api/v1/runs/" + id + "/cancel", "admin", Http.ADMIN, pick("", "{}"), false);
      case 7 -> write("POST", "/api/v1/runs/" + id + "/metrics",
          random.nextBoolean() ? "{\"attempt\":1,\"series\":[{\"key\":\"k\",\"points\":[[0,1]]}]}" : metricsBatch());
      case 8 -> write("POST", "/api/v1/runs/" + id + "/attempts",
          random.nextBoolean() ? "{\"attempt\":1,\"fromStep\":0,\"worker\":\"w\",\"device\":\"cpu\"}" : attemptReport());
      default -> write("POST", "/api/v1/runs/" + id + "/artifacts", artifactRegistration());
    };
  }

  private HostileRequest wrongMethod() {
    String path = pick("/api/v1/runs", "/api/v1/runs/" + run, "/api/v1/runs/" + run + "/metrics", "/api/v1/tokens",
        "/api/v1/artifacts/" + UUID.randomUUID(), "/api/v1/runs/" + run + "/cancel", "/api/v1/models/" + model,
        "/api/v1/sweeps", "/api/v1/usage", "/api/v1/pipelines/" + pipeline + "/gates/ask/approve");
    String method = pick("PUT", "PATCH", "DELETE", "TRACE", "PROPFIND");
    String token = pick("admin", "worker", "none");
    String authorization = switch (token) {
      case "admin" -> Http.ADMIN;
      case "worker" -> Http.WORKER;
      default -> null;
    };
    byte[] body = random.nextBoolean() ? randomBody() : encodeBody(render(new LinkedHashMap<>(Map.of("a", value(0)))));
    return finish(new Draft(method, path, token, authorization, body, false, false));
  }

  private HostileRequest oversized() {
    String path = pick("/api/v1/runs", "/api/v1/tokens", "/api/v1/runs/" + run + "/attempts",
        "/api/v1/runs/" + run + "/artifacts", "/api/v1/runs/" + UUID.randomUUID() + "/cancel");
    String body = padded(path.endsWith("/tokens") ? "{\"name\":\"n\",\"role\":\"user\"}"
        : "{\"name\":\"n\",\"kind\":\"pretrain\",\"spec\":{}}", ONE_MIB + 1 + random.nextInt(4096));
    String token = path.endsWith("/attempts") || path.endsWith("/artifacts") ? Http.WORKER : Http.ADMIN;
    return finish(new Draft("POST", path, token.equals(Http.ADMIN) ? "admin" : "worker", token,
        body.getBytes(StandardCharsets.UTF_8), random.nextBoolean(), false));
  }

  // ---- model registry ---------------------------------------------------------------------------------------------

  private HostileRequest registryWrite() {
    return switch (random.nextInt(9)) {
      case 0, 1 -> createModel();
      case 2 -> write("PATCH", "/api/v1/models/" + modelInPath(), modelUpdate());
      case 3 -> write("POST", "/api/v1/models/" + modelInPath() + "/versions", versionRegistration());
      case 4 -> write("PUT", "/api/v1/models/" + modelInPath() + "/aliases/" + aliasInPath(), aliasMove());
      case 5 -> write("DELETE", "/api/v1/models/" + modelInPath() + "/aliases/" + aliasInPath(), pick("", "{}"));
      case 6 -> write("PUT", "/api/v1/models/" + modelInPath() + "/tags/" + tagKeyInPath(), invalidTagValue());
      case 7 -> write(pick("PUT", "DELETE"), "/api/v1/models/" + modelInPath() + "/versions/" + versionInPath()
          + "/tags/" + tagKeyInPath(), pick("{\"value\":\"v\"}", "", invalidTagValue()));
      default -> write("POST", "/api/v1/models/" + modelInPath() + "/versions/" + versionInPath() + "/stage",
          pick("{\"stage\":\"Production\",\"archiveExisting\":true}", "{\"stage\":" + value(0) + "}",
              "{\"stage\":\"None\",\"archiveExisting\":" + value(0) + "}", nonObject()));
    };
  }

  private String tagKeyInPath() {
    return random.nextInt(3) == 0 ? pick("k".repeat(251), "%00", "a%2Fb", encode(hostileString())) : "task";
  }

  /** The fuzz model has no versions, so every write to one is refused, whatever else is wrong with it. */
  private String versionInPath() {
    return pick("1", "0", "-1", "01", "1e3", "99999999999999999999", encode(hostileString()));
  }

  /** A tag value the model could not take: the fuzz model's own tags can be written. */
  private String invalidTagValue() {
    return pick("{}", "{\"value\":" + pick("1", "null", "[]", "{}", "true") + "}",
        "{\"value\":\"" + "v".repeat(5001) + "\"}", "{\"value\":\"a\\u0000b\"}",
        "{\"value\":\"v\"," + str(unknownKey()) + ":" + value(0) + "}", nonObject());
  }

  private HostileRequest createModel() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", str("fuzz-new-model"));
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(7)) {
      case 0 -> body.put("name", invalidModelName());
      case 1 -> body.put("name", str(model));
      case 2 -> body.put(unknownKey(), value(0));
      case 3 -> body.put("description", invalidDescription());
      case 4 -> body.put("project", random.nextBoolean() ? str("'" + hostileString()) : pick("1", "[]", "{}", "true"));
      case 5 -> {
        body.put("project", str("default"));
        mangle(body, base, "name");
        return write("POST", "/api/v1/models", pick("user", "worker"), random.nextBoolean() ? userToken : Http.WORKER,
            render(body), false);
      }
      default -> body.remove("name");
    }
    mangle(body, base, "name");
    return write("POST", "/api/v1/models", render(body));
  }

  /** The fuzz model (which has no versions and no aliases, so none of them can be changed), or none. */
  private String modelInPath() {
    return random.nextInt(4) == 0 ? pick(encode(hostileString()), "%2e%2e", "..%2F..", "a%2Fb", "%00", "m".repeat(129),
        "nosuch-model") : model;
  }

  private String aliasInPath() {
    return random.nextInt(3) == 0 ? pick("latest", "Prod", "a%2Fb", "a".repeat(65), encode(hostileString()), "1")
        : "champion";
  }

  private String modelUpdate() {
    Map<String, String> body = new LinkedHashMap<>();
    switch (random.nextInt(3)) {
      case 0 -> body.put("description", invalidDescription());
      case 1 -> body.put(unknownKey(), value(0));
      default -> {
        return pick(SHAPES_OF_BODY);
      }
    }
    return render(body);
  }

  /** No artifact of the fuzz platform is named: every id is new, and any other value is no id. */
  private String versionRegistration() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("artifact", random.nextBoolean() ? str(UUID.randomUUID().toString())
        : pick(str(run), str(hostileString()), nonString(), str("models:/" + model + "/1")));
    if (random.nextInt(3) == 0) {
      body.put(random.nextBoolean() ? "description" : unknownKey(), random.nextBoolean() ? invalidDescription()
          : value(0));
    }
    return render(body);
  }

  /** The fuzz model has no versions, so every move is refused, whatever else is wrong with it. */
  private String aliasMove() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("version", pick("1", "2", "0", "-1", "1.0", "1e400", "2147483648", "99999999999999999999", "\"1\"",
        "null", "[]", "{}", "true"));
    if (random.nextInt(3) == 0) {
      body.put(unknownKey(), value(0));
    }
    return render(body);
  }

  private HostileRequest readRegistry() {
    return switch (random.nextInt(8)) {
      case 0 -> {
        List<String> parameters = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
          parameters.add(encode(pick("project", "q", "page", "size", hostileString())) + "=" + parameterValue());
        }
        yield read("/api/v1/models?" + String.join("&", parameters));
      }
      case 1 -> read("/api/v1/models/" + modelInPath());
      case 2 -> read("/api/v1/models/" + modelInPath() + "/versions");
      case 3 -> read("/api/v1/models/" + modelInPath() + "/versions/" + pick("0", "1", "-1", "01", "1.0", "1e3",
          "99999999999999999999", "%2F", encode(hostileString())));
      case 4 -> read("/api/v1/models/" + modelInPath() + "/aliases/" + aliasInPath());
      case 5 -> read("/api/v1/models/" + modelInPath() + "/aliases/" + aliasInPath() + "/history");
      case 6 -> read("/api/v1/models/" + modelInPath() + "/versions/" + pick("1", "0", "-1", "1e3", "%2F",
          encode(hostileString())) + "/stage-history");
      default -> read("/api/v1/artifacts/" + badId() + "/model-versions");
    };
  }

  /** A registry reference that names nothing: malformed, or of a model without versions or aliases, or of none. */
  private String modelReference() {
    return pick("models:/", "models://x", "models:/x@", "models:/x/0", "models:/x/-1", "models:/x/01",
        "models:/x/99999999999999999999", "models:/x/1/2", "models:/x@Prod", "models:/x@latest@y", "models:/../1",
        "models:/./1", "models:/" + "m".repeat(129) + "/1", "models:/" + hostileString(), "models:/" + model + "/1",
        "models:/" + model + "@latest", "models:/" + model + "@champion", "models:/nosuch-model-" + model + "/1");
  }

  /** A model name the registry refuses, wherever in the body or path it stands. */
  private String invalidModelName() {
    return pick(str("."), str(".."), "\"\"", str("two words"), str("m".repeat(129)), str("a/b"), str("a@b"),
        str("models:/x"), str("\u0000"), str("\ud800"), pick(NUMBERS), "true", "null", "[]", "{}");
  }

  private String invalidDescription() {
    return pick("5", "true", "[]", "{}", str("d".repeat(5001)), str("a\u0000b"), str("\ud800"), deep(600));
  }

  // ---- sweeps and usage -------------------------------------------------------------------------------------------

  /** A sweep body with one defect at least; {@code base} is a valid grid sweep of the default project. */
  private HostileRequest submitSweep() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", str("fuzz-sweep"));
    body.put("kind", str("pretrain"));
    body.put("spec", "{\"training\":{\"steps\":1}}");
    body.put("method", str("grid"));
    body.put("parameters", "{\"training.learningRate\":{\"values\":[0.001,0.003]}}");
    body.put("objective", "{\"metric\":\"val/loss\",\"goal\":\"minimize\"}");
    Map<String, String> base = Map.copyOf(body);
    switch (random.nextInt(11)) {
      case 0 -> body.put("method", pick("\"GRID\"", "\"bayes\"", "1", "null", "[]", "{}", str(hostileString())));
      case 1 -> body.put("parameters", invalidParameters());
      case 2 -> {
        body.put("method", str("random"));
        body.put("trials", pick("0", "1001", "-1", "\"5\"", "1.5", "1e400", "null", "[]", "9223372036854775808"));
      }
      case 3 -> body.put("parameters", refusedTrialValues(body));
      case 4 -> body.put("objective", random.nextBoolean() ? nonObject() : pick("{}",
          "{\"metric\":\"\",\"goal\":\"minimize\"}", "{\"metric\":\"val/loss\",\"goal\":\"max\"}",
          "{\"metric\":\"val/loss\",\"goal\":\"minimize\",\"summary\":\"mean\"}",
          "{\"metric\":" + str("m\u0000" + hostileString()) + ",\"goal\":\"minimize\"}",
          "{\"metric\":\"val/loss\",\"goal\":\"minimize\"," + str(unknownKey()) + ":1}"));
      case 5 -> body.put("earlyStopping", random.nextBoolean() ? ashaRule() : pick("1", "\"median\"", "[]",
          "{\"rule\":\"mean\"}", "{\"rule\":\"median\",\"reductionFactor\":3}",
          "{\"rule\":\"median\",\"minSteps\":" + pick("-1", "100000001", "\"5\"", "1.5", "1e400", "null") + "}"));
      case 6 -> body.put(pick("seed", "trials", unknownKey()), value(0));
      case 7 -> body.put("parallelism", pick("0", "65", "-1", "\"2\"", "1.5", "1e400", "null", "[]"));
      case 8 -> body.put("spec", random.nextBoolean() ? nonObject()
          : pick("{\"training\":5}", "{\"training\":{\"steps\":-1}}", "{\"model\":[]}",
              "{" + str(unknownKey()) + ":1}"));
      case 9 -> {
        body.put("project", str("default"));
        mangle(body, base, "name");
        return write("POST", "/api/v1/sweeps", pick("user", "worker"), random.nextBoolean() ? userToken : Http.WORKER,
            render(body), false);
      }
      default -> body.remove(pick("name", "kind", "spec", "method", "parameters", "objective"));
    }
    mangle(body, base, "name");
    return write("POST", "/api/v1/sweeps", render(body));
  }

  /**
   * An asha rule that is wrong in itself, or whose first rung, {@code minSteps}, is not below the base sweep's one
   * training step.
   */
  private String ashaRule() {
    String minSteps = pick("0", "-1", "1", "2", "100000001", "\"5\"", "1.5", "1e400", "null", "[]",
        "9223372036854775808");
    String reductionFactor = pick("2", "3", "1", "0", "-2", "1.5", "\"3\"", "1e400", "null", "2147483648", "{}");
    return switch (random.nextInt(4)) {
      case 0 -> "{\"rule\":\"asha\"}";
      case 1 -> "{\"rule\":\"asha\",\"minSteps\":" + minSteps + "}";
      case 2 -> "{\"rule\":\"asha\",\"minSteps\":" + minSteps + ",\"reductionFactor\":" + reductionFactor + "}";
      default -> "{\"rule\":" + pick("\"ASHA\"", "\"asha \"", "\"hyperband\"") + ",\"minSteps\":1}";
    };
  }

  private String invalidParameters() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextBoolean() ? nonObject() : "{}";
      case 1 -> {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
          many.add("\"training.p" + i + "\":{\"values\":[1]}");
        }
        yield "{" + String.join(",", many) + "}";
      }
      case 2 -> "{" + str(pick("a..b", ".a", "a.", "1a", "a-b", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q", "a".repeat(300),
          hostileString())) + ":{\"values\":[1]}}";
      default -> "{\"training.learningRate\":" + pick("{\"values\":[]}", "{\"values\":1}", "{\"min\":1,\"max\":1}",
          "{\"min\":\"a\",\"max\":2}", "{\"min\":0,\"max\":1,\"scale\":\"log\"}",
          "{\"min\":1,\"max\":2,\"scale\":\"exp\"}", "{\"values\":[1],\"x\":1}", "{\"min\":0,\"max\":1}",
          "{\"min\":-1e400,\"max\":1e400}", "{\"values\":[" + "0.1,".repeat(1000) + "0.1]}", "[]", "null") + "}";
    };
  }

  /** Parameters whose values the kind's spec refuses: 1,000 random trials at most, each parsed, all refused. */
  private String refusedTrialValues(Map<String, String> body) {
    if (random.nextBoolean()) {
      return "{\"training.steps\":{\"values\":[" + pick("-1", "0", "\"x\"", "1e400", "[]", "{}", "null") + "]}}";
    }
    body.put("method", str("random"));
    body.put("trials", pick("1", "50", "1000"));
    body.put("seed", pick("0", "-9223372036854775808", "9223372036854775807"));
    return "{\"training.learningRate\":{\"min\":" + pick("11", "-1e308", "1e9") + ",\"max\":1e308},"
        + "\"training.warmupSteps\":{\"min\":-9223372036854775808,\"max\":9223372036854775807}}";
  }

  private HostileRequest readSweeps() {
    return switch (random.nextInt(4)) {
      case 0 -> read("/api/v1/sweeps?page=" + parameterValue() + "&size=" + parameterValue());
      case 1 -> read("/api/v1/sweeps/" + badId());
      case 2 -> read("/api/v1/runs?sweep=" + (random.nextBoolean() ? badId() : parameterValue()));
      default -> write("POST", "/api/v1/sweeps/" + badId() + "/cancel", "admin", Http.ADMIN, pick("", "{}"), false);
    };
  }

  private HostileRequest readUsage() {
    List<String> parameters = new ArrayList<>();
    for (int i = random.nextInt(5); i >= 0; i--) {
      String name = pick("project", "kind", "from", "to", "groupBy", "from", "to", hostileString());
      String value = random.nextBoolean() ? parameterValue() : pick("2026-11-26", "2026-11-26T09:00:00Z",
          "9999-12-31", "1969-12-31", "%2B10000-01-01", "2026-02-30", "2026-11-26T25:00:00Z",
          "2026-11-26T09:00:00%2B01:00", "T", "project", "day", "DAY", "day%3BDROP%20TABLE%20run", "kind,day", "%20device%20");
      parameters.add(encode(name) + "=" + value);
    }
    return read("/api/v1/usage?" + String.join("&", parameters));
  }

  // ---- pipeline gates ---------------------------------------------------------------------------------------------

  /**
   * A decision the API must refuse: at no waiting gate, by a token that may not decide, or with a bad body. A missing
   * or {@code null} body is a valid decision, so the bad bodies at the waiting gate are never truncated or random.
   */
  private HostileRequest decideGate() {
    String decision = pick("approve", "reject");
    String waiting = "/api/v1/pipelines/" + pipeline + "/gates/ask/" + decision;
    return switch (random.nextInt(3)) {
      case 0 -> {
        String path = random.nextBoolean()
            ? "/api/v1/pipelines/" + pipeline + "/gates/" + pick("later", "ASK", "ask%20", "%2e%2e", "a%2Fb",
                encode(hostileString())) + "/" + decision
            : "/api/v1/pipelines/" + badId() + "/gates/ask/" + decision;
        yield write("POST", path, "admin", Http.ADMIN, random.nextBoolean() ? "{\"comment\":\"ok\"}" : decisionBody(),
            false);
      }
      case 1 -> write("POST", waiting, pick("user", "worker"), random.nextBoolean() ? userToken : Http.WORKER,
          pick("", "{\"comment\":\"ok\"}", "null"), false);
      default -> finish(new Draft("POST", waiting, "admin", Http.ADMIN, encodeBody(decisionBody()),
          random.nextInt(20) == 0, false));
    };
  }

  private String decisionBody() {
    return pick("[]", "\"approve\"", "1", "true", "{}{}", "{} xyz", "{", "{\"comment\":5}", "{\"comment\":\"\"}",
        "{\"comment\":null,\"x\":1}", "{\"comment\":" + str("a\u0000b") + "}", "{\"comment\":" + str("\ud800") + "}",
        "{\"comment\":" + str("c".repeat(2001)) + "}", "{" + str(unknownKey()) + ":" + value(0) + "}",
        "{\"comment\":" + nonString() + "}", deep(pick(499, 10_000)));
  }

  /** A pipeline whose gate or register stage is wrong in one way at least. */
  private HostileRequest submitGatedPipeline() {
    String gate = switch (random.nextInt(9)) {
      case 0 -> "{\"name\":\"ask\",\"gate\":" + pick("5", "\"\"", "null", "[]", "{}", str("q\u0000"), str("\ud800"),
          str("q".repeat(1001))) + "}";
      case 1 -> "{\"name\":\"ask\",\"gate\":\"ok?\",\"after\":" + pick("[\"ask\"]", "[\"nope\"]", "\"train\"", "[5]",
          "[null]", "{}", "[" + str(hostileString()) + "]") + "}";
      case 2 -> "{\"name\":\"ask\",\"gate\":\"ok?\"," + str(pick("kind", "spec", unknownKey())) + ":" + value(0) + "}";
      case 3 -> "{\"name\":" + pick(invalidName(64), str("a.b")) + ",\"gate\":\"ok?\"}";
      case 4 -> "{\"name\":\"ask\",\"gate\":\"ok?\"},{\"name\":\"merge\",\"kind\":\"merge\",\"spec\":{\"method\":"
          + "\"linear\",\"parents\":[\"${stages.ask.model}\"," + str(modelReference()) + "],\"weights\":[0.5,0.5]}}";
      case 5 -> "{\"name\":\"ask\",\"gate\":\"ok?\",\"after\":[\"again\"]},{\"name\":\"again\",\"gate\":\"ok?\","
          + "\"after\":[\"ask\"]}";
      case 6 -> "{\"name\":\"ask\",\"gate\":\"ok?\"," + pick("\"onTimeout\":\"approve\"",
          "\"timeout\":" + pick("\"PT59S\"", "\"P30DT1S\"", "\"48h\"", "\"P1M\"", "\"-PT1H\"", "3600", "null", "\"\"",
              str(hostileString())),
          "\"timeout\":\"PT1H\",\"onTimeout\":" + pick("\"skip\"", "\"APPROVE\"", "true", "null", "[]")) + "}";
      case 7 -> "{\"name\":\"ask\",\"gate\":\"ok?\",\"timeout\":\"P2D\"},{\"name\":\"promote\",\"register\":"
          + pick("5", "[]", "{}", "{\"model\":\"${stages.ask.model}\",\"name\":\"arith\"}",
              "{\"model\":\"${stages.ask.model}\",\"name\":" + str(hostileString()) + "}") + "}";
      default -> "{\"name\":\"ask\",\"gate\":\"ok?\"},{\"name\":\"ask\",\"gate\":\"again?\"}";
    };
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", str("fuzz-gates"));
    body.put("stages", "[" + gate + "]");
    Map<String, String> base = Map.copyOf(body);
    mangle(body, base, "name");
    return write("POST", "/api/v1/pipelines", render(body));
  }

  // ---- requests ---------------------------------------------------------------------------------------------------

  private record Draft(String method, String path, String credential, String authorization, byte[] body,
      boolean chunked, boolean read) {}

  private HostileRequest read(String path) {
    return finish(new Draft("GET", path, "none", null, null, false, true));
  }

  /** A write with the token its endpoint takes, now and then a missing, forged or wrong-role one. */
  private HostileRequest write(String method, String path, String body) {
    boolean worker = path.matches("/api/v1/runs/[^/]+/(metrics|attempts|artifacts)");
    String credential = worker ? "worker" : "admin";
    String token = worker ? Http.WORKER : Http.ADMIN;
    return write(method, path, credential, token, body, false);
  }

  private HostileRequest write(String method, String path, String credential, String token, String body,
      boolean chunked) {
    byte[] bytes = random.nextInt(10) == 0 ? randomBody() : encodeBody(body);
    return finish(new Draft(method, path, credential, token, bytes, chunked || random.nextInt(20) == 0, false));
  }

  private HostileRequest finish(Draft draft) {
    String credential = draft.credential();
    String authorization = draft.authorization() == null ? null : "Bearer " + draft.authorization();
    if (!draft.read() && random.nextInt(12) == 0) {
      credential = pick("none", "forged", "oversized", "basic", "empty");
      authorization = switch (credential) {
        case "forged" -> "Bearer pdg_" + UUID.randomUUID();
        case "oversized" -> "Bearer " + "x".repeat(201 + random.nextInt(4000));
        case "basic" -> "Basic YWRtaW46YWRtaW4=";
        case "empty" -> "Bearer ";
        default -> null;
      };
    }
    String contentType = draft.body() == null ? null
        : random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json";
    String accept = random.nextInt(8) == 0 ? pick(ACCEPTS) : null;
    return new HostileRequest(draft.method(), draft.path(), contentType, accept, credential, authorization,
        draft.body(), draft.chunked(), draft.read());
  }

  // ---- bodies -----------------------------------------------------------------------------------------------------

  /**
   * Sometimes replaces fields with hostile values, but only fields still as in {@code base}: never the anchor, whose
   * refusal a hostile but valid value (a name like {@code ' OR 1=1}) would undo.
   */
  private void mangle(Map<String, String> body, Map<String, String> base, String... candidates) {
    for (String field : candidates) {
      if (body.containsKey(field) && body.get(field).equals(base.get(field)) && random.nextInt(4) == 0) {
        body.put(field, random.nextBoolean() ? str(hostileString()) : value(0));
      }
    }
  }

  private String render(Map<String, String> body) {
    List<String> members = new ArrayList<>();
    String repeated = random.nextInt(8) == 0 && !body.isEmpty() ? pick(body.keySet().toArray(String[]::new)) : null;
    for (Map.Entry<String, String> member : body.entrySet()) {
      if (member.getKey().equals(repeated)) {
        members.add(str(member.getKey()) + ":" + value(0));
      }
      members.add(str(member.getKey()) + ":" + member.getValue());
    }
    String separator = pick(",", ", ", ",\n  ", "\t,\r\n");
    String json = "{" + String.join(separator, members) + "}";
    return switch (random.nextInt(12)) {
      case 0 -> json.substring(0, random.nextInt(json.length()));
      case 1 -> pick(SHAPES_OF_BODY);
      case 2 -> deep(pick(499, 501, 1000, 10_000));
      default -> json;
    };
  }

  /** The same text in an encoding the server must detect or refuse; never one that changes what it says. */
  private byte[] encodeBody(String json) {
    return switch (random.nextInt(14)) {
      case 0 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, json.getBytes(StandardCharsets.UTF_8));
      case 1 -> json.getBytes(StandardCharsets.UTF_16BE);
      case 2 -> json.getBytes(StandardCharsets.UTF_16LE);
      case 3 -> json.getBytes(StandardCharsets.UTF_16);
      case 4 -> insertInvalidUtf8(json.getBytes(StandardCharsets.UTF_8));
      default -> json.getBytes(StandardCharsets.UTF_8);
    };
  }

  private byte[] insertInvalidUtf8(byte[] json) {
    byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};
    int at = json.length == 0 ? 0 : random.nextInt(json.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(json, 0, at);
    out.writeBytes(invalid[random.nextInt(invalid.length)]);
    out.write(json, at, json.length - at);
    return out.toByteArray();
  }

  private byte[] randomBody() {
    byte[] bytes = new byte[random.nextInt(2048)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /**
   * {@code json} grown past {@code size} bytes by a long string in an unknown field, so it stays refused; a body that
   * is no object (a rendered body may be cut short, or empty) follows the padding as it is.
   */
  private static String padded(String json, int size) {
    String head = "{\"padding\":\"";
    int fill = Math.max(0, size - head.length() - json.length() - 3);
    return head + "a".repeat(fill) + "\"," + (json.startsWith("{") ? json.substring(1) : json);
  }

  // ---- values -----------------------------------------------------------------------------------------------------

  private String value(int depth) {
    return switch (random.nextInt(10)) {
      case 0, 1 -> str(hostileString());
      case 2 -> pick(NUMBERS);
      case 3 -> pick(BROKEN_JSON);
      case 4 -> pick("true", "false", "null");
      case 5 -> depth < 3 ? hostileArray(depth + 1) : "[]";
      case 6 -> depth < 3 ? hostileObject(depth + 1) : "{}";
      case 7 -> deep(pick(64, 499, 500, 501, 1000, 10_000));
      default -> str(pick("NaN", "1e400", "9223372036854775808", "-0", "Infinity"));
    };
  }

  private String nonString() {
    return pick(pick(NUMBERS), "true", "null", "[]", "{}", hostileArray(1), hostileObject(1), deep(600));
  }

  private String nonObject() {
    return pick(str(hostileString()), pick(NUMBERS), "true", "null", "[]", hostileArray(1), deep(10_000));
  }

  private String nonArray() {
    return pick(str(hostileString()), pick(NUMBERS), "true", "null", "{}", hostileObject(1));
  }

  private String hostileArray(int depth) {
    List<String> items = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      items.add(value(depth));
    }
    return "[" + String.join(",", items) + "]";
  }

  private String hostileObject(int depth) {
    List<String> members = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      members.add(str(hostileString()) + ":" + value(depth));
    }
    return "{" + String.join(",", members) + "}";
  }

  private String deep(int levels) {
    return random.nextBoolean() ? "[".repeat(levels) + "]".repeat(levels)
        : "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
  }

  /** A name the API refuses wherever a name or key of at most {@code max} characters is expected. */
  private String invalidName(int max) {
    return pick(nonString(), "\"\"", "\"   \"", str("a\u0001b"), str("line\nbreak"), str("\u0000"),
        str("n".repeat(max + 1 + random.nextInt(5000))));
  }

  private String unknownKey() {
    return "x-" + hostileString();
  }

  private String hostileString() {
    return switch (random.nextInt(12)) {
      case 0 -> String.valueOf((char) ('a' + random.nextInt(26))).repeat(
          random.nextInt(6) == 0 ? 100_000 : 201 + random.nextInt(3000));
      case 1 -> randomUnicode();
      default -> pick(STRINGS);
    };
  }

  private String randomUnicode() {
    StringBuilder text = new StringBuilder();
    for (int i = 1 + random.nextInt(40); i > 0; i--) {
      text.append((char) switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x20);
        case 1 -> 0xd800 + random.nextInt(0x800);
        case 2 -> 0x0590 + random.nextInt(0x200);
        default -> random.nextInt(0x10000);
      });
    }
    return text.toString();
  }

  /** A JSON string literal; lone surrogates and control characters as escapes, the rest raw or escaped at random. */
  private String str(String text) {
    boolean escapeAll = random.nextInt(4) == 0;
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) || escapeAll && c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  // ---- query strings ----------------------------------------------------------------------------------------------

  private String parameterValue() {
    return switch (random.nextInt(8)) {
      case 0 -> pick("%FF%FE", "%00", "%C0%80", "%ED%A0%80", "%E2%82", "%25", "%2B", "%26%3D");
      case 1 -> pick(NUMBERS).replace("+", "%2B");
      case 2 -> "";
      default -> encode(hostileString());
    };
  }

  /** A step bound: in range, reversed against the other bound, negative, overflowing or no number. */
  private String stepValue() {
    return random.nextBoolean() ? pick("0", "1", "5", "100", "1000000") : parameterValue();
  }

  private String badId() {
    return switch (random.nextInt(6)) {
      case 0, 1 -> UUID.randomUUID().toString();
      case 2 -> pick("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "%7B" + UUID.randomUUID() + "%7D", UUID.randomUUID() + "x", UUID.randomUUID().toString().replace("-", ""),
          "1", "-1", "1e400", "null", "undefined");
      case 3 -> pick("%00", "a%2Fb", "a%5Cb", "%FF", "%2e%2e", ".", "%20", "%C0%AE%C0%AE", "a;b=c", "%3B");
      default -> encode(hostileString());
    };
  }

  /** Percent-encodes every byte but unreserved characters; lone surrogates as their (invalid) 3-byte forms. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        appendBytes(out, text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        appendBytes(out, new byte[] {(byte) (0xe0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3f)),
            (byte) (0x80 | (c & 0x3f))});
      } else {
        appendBytes(out, String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  private static void appendBytes(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append('%').append(String.format("%02X", b & 0xff));
    }
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
