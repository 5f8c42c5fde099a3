package dev.pedigree.workers.engine;

import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workflows.spec.DataSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Device;

/**
 * What an evaluation step measures: validation on the held-out split, on each domain's and the target set's held-out
 * documents when the corpus has them, and task accuracy when the data generates problems.
 */
public final class Evaluations {
  private final Validation validation;
  private final Map<String, Validation> domains;
  private final Optional<Validation> target;
  private final Optional<TaskEvaluation> task;

  private Evaluations(Validation validation, Map<String, Validation> domains, Optional<Validation> target,
      Optional<TaskEvaluation> task) {
    this.validation = validation;
    this.domains = domains;
    this.target = target;
    this.task = task;
  }

  /** @param contextLength the evaluated model's context, which task problems must fit */
  public static Evaluations of(DataSpec data, Dataset dataset, int batchSize, int contextLength) {
    Map<String, Validation> domains = new LinkedHashMap<>();
    for (Domain domain : dataset.domains()) {
      domains.put(domain.name(), new Validation(domain.validation(), batchSize));
    }
    return new Evaluations(
        new Validation(dataset.validation(), batchSize),
        domains,
        dataset.target().map(target -> new Validation(target.validation(), batchSize)),
        TaskEvaluation.of(data, dataset.tokenizer(), contextLength));
  }

  public void evaluate(long step, Gpt model, Device device, TrainingListener listener) {
    Validation.Report report = validation.evaluate(step, model, device);
    listener.onEval(report.metrics());
    listener.onTokenStats(step, report.lossByPosition(), report.meanEntropy());
    domains.forEach((name, domain) ->
        listener.onDomainEval(step, name, domain.evaluate(step, model, device).metrics().valLoss()));
    target.ifPresent(set -> listener.onTargetEval(step, set.evaluate(step, model, device).metrics().valLoss()));
    task.ifPresent(evaluation -> {
      TaskEvaluation.TaskAccuracy accuracy = evaluation.evaluate(model, device);
      listener.onTaskEval(step, accuracy.task(), accuracy.accuracy());
    });
  }
}
