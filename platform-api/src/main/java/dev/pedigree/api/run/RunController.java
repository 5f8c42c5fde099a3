package dev.pedigree.api.run;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactRegistration;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.common.Ids;
import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.QueryParameters;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.metric.MaxPoints;
import dev.pedigree.api.metric.StepWindow;
import dev.pedigree.api.metric.WallTimes;
import dev.pedigree.api.security.Caller;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/runs")
class RunController {
  private static final int MAX_PAGE_SIZE = 200;
  private static final int MAX_COMPARED = 100;
  /** A week: an attempt that prepared longer before its first step is a bug. */
  private static final int MAX_HELD_SECONDS = 7 * 24 * 3600;

  private final RunService runs;
  private final ArtifactService artifacts;
  private final RunEvents events;

  RunController(RunService runs, ArtifactService artifacts, RunEvents events) {
    this.runs = runs;
    this.artifacts = artifacts;
    this.events = events;
  }

  @PostMapping
  ResponseEntity<RunResponse> submit(@RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    RunResponse run = runs.submit(body, caller);
    return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
  }

  @GetMapping
  RunPage list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String sweep,
      @RequestParam(defaultValue = "0") String page,
      @RequestParam(defaultValue = "50") String size) {
    List<FieldError> errors = new ArrayList<>();
    RunStatus statusFilter = null;
    if (status != null && !status.isBlank()) {
      try {
        statusFilter = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("status", "must be one of " + List.of(RunStatus.values())));
      }
    }
    int pageNumber = QueryParameters.integer("page", page, 0, 1_000_000, errors);
    int pageSize = QueryParameters.integer("size", size, 1, MAX_PAGE_SIZE, errors);
    if (q != null && q.length() > 200) {
      errors.add(new FieldError("q", "must be at most 200 characters"));
    }
    for (Map.Entry<String, String> filter : textFilters(kind, project, q).entrySet()) {
      if (filter.getValue().chars().anyMatch(Character::isISOControl)) {
        errors.add(new FieldError(filter.getKey(), "must not contain control characters"));
      }
    }
    UUID sweepFilter = blankToNull(sweep) == null ? null : Ids.parse(sweep.strip()).orElse(null);
    if (blankToNull(sweep) != null && sweepFilter == null) {
      errors.add(new FieldError("sweep", "must be a sweep id (a UUID, or its 32 hex digits)"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return runs.list(new RunFilter(statusFilter, blankToNull(kind), blankToNull(project), blankToNull(q), sweepFilter),
        pageNumber, pageSize);
  }

  /**
   * {@code ids}: comma-separated run ids (at most {@value #MAX_COMPARED}; ids of no run come back as {@code missing});
   * {@code key}: the metric whose curves to return, if any; {@code maxPoints}, {@code fromStep}, {@code toStep} and
   * {@code times} as for a run's metrics (a zoomed chart asks for its step range in every run at once).
   */
  @GetMapping("/compare")
  RunComparison compare(@RequestParam(required = false) String ids, @RequestParam(required = false) String key,
      @RequestParam(required = false) String maxPoints, @RequestParam(required = false) String fromStep,
      @RequestParam(required = false) String toStep, @RequestParam(required = false) String times) {
    List<UUID> runIds = comparedIds(ids);
    String metricKey = key == null || key.isBlank() ? null : key.strip();
    if (metricKey != null && (metricKey.length() > 200 || metricKey.chars().anyMatch(Character::isISOControl))) {
      throw ApiProblem.invalidField("key", "must be at most 200 characters without control characters");
    }
    return runs.compare(runIds, metricKey, MaxPoints.parse(maxPoints), StepWindow.parse(fromStep, toStep),
        WallTimes.parse(times));
  }

  @GetMapping("/{id}")
  RunResponse get(@PathVariable UUID id) {
    return runs.get(id);
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RunResponse cancel(@PathVariable UUID id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return runs.cancel(id, caller);
  }

  /** A new run of the stored spec with the same inputs; on the CPU a deterministic kind makes the same model bytes. */
  @PostMapping("/{id}/reproduce")
  ResponseEntity<RunResponse> reproduce(@PathVariable UUID id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    RunResponse run = runs.reproduce(id, caller);
    return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
  }

  /** {@code times=true}: the points of {@code metrics} events carry wall times, as on the metrics read. */
  @GetMapping(path = "/{id}/events", produces = "text/event-stream")
  SseEmitter events(@PathVariable UUID id, @RequestParam(required = false) String times) {
    return events.subscribe(runs.get(id), WallTimes.parse(times));
  }

  /** Workers: an attempt started (a resume segment); the answer says what the run spent before it. */
  @PostMapping("/{id}/attempts")
  AttemptStarted attemptStarted(@PathVariable UUID id, @RequestBody AttemptReport report) {
    List<FieldError> errors = new ArrayList<>();
    if (report.attempt() == null || report.attempt() < 1) {
      errors.add(new FieldError("$.attempt", "is required and must be an integer of at least 1"));
    }
    if (report.fromStep() == null || report.fromStep() < 0) {
      errors.add(new FieldError("$.fromStep", "is required and must be a non-negative integer"));
    }
    if (!StorableText.isLabel(report.worker(), 200)) {
      errors.add(new FieldError("$.worker",
          "must be 1 to 200 characters of well-formed text without control characters"));
    }
    if (!StorableText.isLabel(report.device(), 50)) {
      errors.add(new FieldError("$.device",
          "must be 1 to 50 characters of well-formed text without control characters"));
    }
    if (report.heldSeconds() != null && !(report.heldSeconds() >= 0 && report.heldSeconds() <= MAX_HELD_SECONDS)) {
      errors.add(new FieldError("$.heldSeconds", "must be a number of seconds from 0 to " + MAX_HELD_SECONDS));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("The attempt report has invalid fields.", errors);
    }
    return runs.recordAttempt(id, report);
  }

  /** Workers: an artifact the run wrote (checkpoint, model). */
  @PostMapping("/{id}/artifacts")
  @ResponseStatus(HttpStatus.CREATED)
  Artifact artifactWritten(@PathVariable UUID id, @RequestBody ArtifactRegistration registration) {
    runs.requireExists(id);
    Artifact artifact = artifacts.registerForRun(id, registration);
    runs.artifactReported(id, artifact.kind());
    return artifact;
  }

  /** Control characters match no run, and a NUL is an error to Postgres. */
  private static List<UUID> comparedIds(String ids) {
    List<String> parts = ids == null ? List.of()
        : Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty()).distinct().toList();
    if (parts.isEmpty() || parts.size() > MAX_COMPARED) {
      throw ApiProblem.invalidField("ids", "must list 1 to " + MAX_COMPARED + " run ids, separated by commas");
    }
    List<UUID> runIds = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      int item = i + 1;
      runIds.add(Ids.parse(parts.get(i)).orElseThrow(
          () -> ApiProblem.invalidField("ids", "item " + item + " is not a run id (a UUID, or its 32 hex digits)")));
    }
    return runIds.stream().distinct().toList();
  }

  private static Map<String, String> textFilters(String kind, String project, String q) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("kind", kind);
    filters.put("project", project);
    filters.put("q", q);
    filters.values().removeIf(java.util.Objects::isNull);
    return filters;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
