package dev.pedigree.workers.bench;

import static org.bytedeco.pytorch.global.torch.softmax;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.Dataset;
import dev.pedigree.workers.engine.data.SampleOrder;
import dev.pedigree.workers.engine.data.TokenWindows;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.optim.GuardedUpdate;
import dev.pedigree.workers.engine.optim.LearningRateSchedule;
import dev.pedigree.workers.engine.optim.Optimizer;
import dev.pedigree.workers.engine.optim.Optimizers;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The unlearning baselines WHP is compared with, on the forget windows in the order, optimizer and schedule a distill
 * run with the same {@code training} uses: gradient ascent (minimise −CE) and LoKU's inverted hinge loss, per token
 * {@code 1 + p(y) − max_{v≠y} p(v)}.
 */
final class ForgetLoop {
  enum Objective { GRADIENT_ASCENT, INVERTED_HINGE }

  private ForgetLoop() {}

  /** The base at {@code baseModel} after {@code training.steps()} steps of {@code objective} on {@code data}. */
  static Gpt unlearn(Objective objective, Path baseModel, DataSpec data, OptimizationSpec training, Path workDir) {
    Device device = new Device("cpu");
    Gpt model = ModelFiles.load(baseModel, device).model();
    TokenWindows windows = Dataset.prepare(data, model.config().contextLength(), workDir).train();
    SampleOrder order = new SampleOrder(windows.count(), training.seed());
    Optimizer optimizer = Optimizers.of(training, model.parameters());
    LearningRateSchedule schedule =
        new LearningRateSchedule(training.learningRate(), training.warmupSteps(), training.steps());
    for (long step = 0; step < training.steps(); step++) {
      try (PointerScope scope = new PointerScope()) {
        model.parameters().zeroGrads();
        Batch batch =
            Batch.of(windows, order.batchAt(step * training.batchSize(), training.batchSize()), device);
        Tensor loss = objective == Objective.GRADIENT_ASCENT
            ? model.loss(batch.inputs(), batch.targets()).neg()
            : invertedHinge(model, batch);
        loss.backward();
        GuardedUpdate.apply(loss.detach(), model.parameters().grads(), training.gradClip(), optimizer,
            schedule.at(step), step + 1);
      }
    }
    return model;
  }

  private static Tensor invertedHinge(Gpt model, Batch batch) {
    Tensor probabilities = softmax(Gpt.logits(model.config(), model.parameters().byName(), batch.inputs()), -1);
    Tensor target = batch.targets().unsqueeze(-1);
    Tensor right = probabilities.gather(-1, target).squeeze(-1);
    Tensor bestOther = probabilities.scatter(-1, target, new Scalar(0.0)).amax(new long[] {-1}, false);
    return right.sub(bestOther).add(new Scalar(1.0)).mean();
  }
}
