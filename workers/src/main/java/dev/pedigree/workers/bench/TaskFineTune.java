package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.merge.ProbeSet;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.optim.AdamW;
import dev.pedigree.workers.engine.optim.GradientClipping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * The supervised fine-tune the merge benches give each specialist: AdamW (no weight decay) at a constant rate,
 * batches of {@link #BATCH} fresh problems in generator order, loss on the completion tokens only.
 */
final class TaskFineTune {
  static final int BATCH = 32;
  private static final Device CPU = new Device("cpu");

  private TaskFineTune() {}

  /** Fine-tunes {@code base} on {@code generator}'s problems and writes it to {@code target}, labelled {@code task}. */
  static Path run(Path base, TaskGenerator generator, String task, int steps, double learningRate, Path target) {
    ModelFiles.LoadedModel model = ModelFiles.load(base, CPU);
    Gpt gpt = model.model();
    Parameters parameters = gpt.parameters();
    AdamW optimizer = new AdamW(parameters, 0.0);
    for (int step = 0; step < steps; step++) {
      List<TaskProblem> problems = new ArrayList<>();
      for (long index = (long) step * BATCH; index < (long) (step + 1) * BATCH; index++) {
        problems.add(generator.problem(index));
      }
      try (PointerScope scope = new PointerScope()) {
        ProbeSet batch = ProbeSet.of(problems, model.tokenizer(), model.config().contextLength(), CPU);
        parameters.zeroGrads();
        Tensor loss = gpt.loss(batch.inputs(), batch.targets());
        loss.backward();
        GradientClipping.clipGlobalNorm(parameters.grads(), 1.0);
        optimizer.step(learningRate);
      }
    }
    ModelFiles.write(target, model.config(), model.tokenizer(), parameters, Map.of("finetuned", task));
    return target;
  }
}
