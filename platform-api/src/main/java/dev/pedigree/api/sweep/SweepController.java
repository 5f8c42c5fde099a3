package dev.pedigree.api.sweep;

import dev.pedigree.api.common.problem.QueryParameters;
import dev.pedigree.api.security.Caller;
import java.net.URI;
import java.util.List;
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
@RequestMapping("/api/v1/sweeps")
class SweepController {
  private static final int MAX_PAGE_SIZE = 200;

  private final SweepService sweeps;

  SweepController(SweepService sweeps) {
    this.sweeps = sweeps;
  }

  @PostMapping
  ResponseEntity<SweepResponse> submit(@RequestBody JsonNode body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    SweepResponse sweep = sweeps.submit(body, caller);
    return ResponseEntity.accepted().location(URI.create("/api/v1/sweeps/" + sweep.id())).body(sweep);
  }

  /** Newest first. */
  @GetMapping
  List<SweepResponse> list(
      @RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "50") String size) {
    QueryParameters.Paging paging = QueryParameters.paging(page, size, MAX_PAGE_SIZE);
    return sweeps.list(paging.page(), paging.size());
  }

  @GetMapping("/{id}")
  SweepResponse get(@PathVariable UUID id) {
    return sweeps.get(id);
  }

  /** Cancels the sweep's workflow and its unfinished trials' runs; idempotent. */
  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  SweepResponse cancel(@PathVariable UUID id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return sweeps.cancel(id, caller);
  }
}
