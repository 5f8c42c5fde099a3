package dev.pedigree.api.pipeline;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.JsonFields;
import dev.pedigree.api.common.problem.QueryParameters;
import dev.pedigree.api.common.problem.StorableText;
import dev.pedigree.api.security.Caller;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {
  private static final int MAX_PAGE_SIZE = 200;
  private static final int MAX_COMMENT = 2000;

  private final PipelineService pipelines;

  PipelineController(PipelineService pipelines) {
    this.pipelines = pipelines;
  }

  @PostMapping
  ResponseEntity<PipelineResponse> submit(
      @RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    PipelineResponse pipeline = pipelines.submit(body, caller);
    return ResponseEntity.accepted().location(URI.create("/api/v1/pipelines/" + pipeline.id())).body(pipeline);
  }

  /** Newest first. */
  @GetMapping
  List<PipelineResponse> list(
      @RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "50") String size) {
    QueryParameters.Paging paging = QueryParameters.paging(page, size, MAX_PAGE_SIZE);
    return pipelines.list(paging.page(), paging.size());
  }

  @GetMapping("/{id}")
  PipelineResponse get(@PathVariable UUID id) {
    return pipelines.get(id);
  }

  /** Re-runs a failed or cancelled pipeline from its unfinished stages; 409 in any other status. */
  @PostMapping("/{id}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  PipelineResponse retry(@PathVariable UUID id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return pipelines.retry(id, caller);
  }

  /** A person's decision at a gate the pipeline waits at: {@code {"comment": "…"}} or no body; 409 unless it waits. */
  @PostMapping("/{id}/gates/{stage}/{decision:approve|reject}")
  @ResponseStatus(HttpStatus.ACCEPTED)
  PipelineResponse decide(@PathVariable UUID id, @PathVariable String stage, @PathVariable String decision,
      @RequestBody(required = false) JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return pipelines.decide(id, stage, decision.equals("approve"), comment(body), caller);
  }

  private static String comment(JsonNode body) {
    if (body == null || body.isNull()) {
      return null;
    }
    if (!body.isObject()) {
      throw ApiProblem.invalidField("$", "must be a JSON object such as {\"comment\": \"why\"}, or no body");
    }
    List<FieldError> errors = new ArrayList<>();
    JsonFields.rejectUnknown(body, Set.of("comment"), errors);
    String comment = body.has("comment") ? JsonFields.text(body, "comment", errors) : null;
    if (comment != null && !StorableText.isLabel(comment, MAX_COMMENT)) {
      errors.add(new FieldError("$.comment", "must be 1 to " + MAX_COMMENT
          + " characters of well-formed text without control characters"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid decision.", errors);
    }
    return comment;
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  PipelineResponse cancel(@PathVariable UUID id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return pipelines.cancel(id, caller);
  }
}
