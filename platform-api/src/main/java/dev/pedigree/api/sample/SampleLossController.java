package dev.pedigree.api.sample;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import dev.pedigree.api.common.problem.QueryParameters;
import dev.pedigree.api.run.RunService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Per-sample losses of runs whose selection strategy weights samples: workers report them; readers ask which samples
 * drove the loss at step N ({@code ?step=N}), or how one sample fared over the run ({@code ?sample=ID}).
 */
@RestController
@RequestMapping("/api/v1/runs/{id}/samples")
class SampleLossController {
  static final int MAX_ROWS = 5_000;

  private final SampleLossRepository samples;
  private final RunService runs;

  SampleLossController(SampleLossRepository samples, RunService runs) {
    this.samples = samples;
    this.runs = runs;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void report(@PathVariable UUID id, @RequestBody SampleLossBatch batch) {
    List<FieldError> errors = new ArrayList<>();
    if (batch.attempt() == null || batch.attempt() < 1) {
      errors.add(new FieldError("$.attempt", "must be an integer of at least 1"));
    }
    if (batch.samples() == null || batch.samples().size() > MAX_ROWS) {
      errors.add(new FieldError("$.samples", "must be an array of at most " + MAX_ROWS + " samples"));
    } else {
      for (int i = 0; i < batch.samples().size() && errors.size() < 20; i++) {
        check(batch.samples().get(i), "$.samples[" + i + "]", errors);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("The sample losses have invalid fields.", errors);
    }
    runs.requireExists(id);
    samples.save(id, batch.attempt(), batch.samples());
  }

  @GetMapping
  List<SampleLossView> read(@PathVariable UUID id, @RequestParam(required = false) String step,
      @RequestParam(required = false) String sample, @RequestParam(defaultValue = "50") String limit) {
    List<FieldError> errors = new ArrayList<>();
    int rows = QueryParameters.integer("limit", limit, 1, MAX_ROWS, errors);
    if ((step == null) == (sample == null)) {
      errors.add(new FieldError("step", "give either step (the samples of one step) or sample (one sample's history)"));
    }
    Long stepNumber = step == null ? null : number("step", step, errors);
    Long sampleId = sample == null ? null : number("sample", sample, errors);
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    runs.requireExists(id);
    return stepNumber != null ? samples.atStep(id, stepNumber, rows) : samples.history(id, sampleId, rows);
  }

  private static void check(SampleLossBatch.Row row, String at, List<FieldError> errors) {
    if (row == null) {
      errors.add(new FieldError(at, "must be an object with step, slot, id, loss and weight"));
      return;
    }
    if (row.step() == null || row.step() < 1) {
      errors.add(new FieldError(at + ".step", "must be an integer of at least 1"));
    }
    if (row.slot() == null || row.slot() < 0) {
      errors.add(new FieldError(at + ".slot", "must be a non-negative integer"));
    }
    if (row.id() == null || row.id() < 0) {
      errors.add(new FieldError(at + ".id", "must be a non-negative integer"));
    }
    if (row.loss() == null || !Double.isFinite(row.loss())) {
      errors.add(new FieldError(at + ".loss", "must be a finite number"));
    }
    if (row.weight() == null || !Double.isFinite(row.weight())) {
      errors.add(new FieldError(at + ".weight", "must be a finite number"));
    }
  }

  private static Long number(String name, String value, List<FieldError> errors) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be a non-negative integer"));
    return null;
  }
}
