package dev.pedigree.workers.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;

class ReproducibilityAuditTest {
  private static final GptConfig CONFIG = new GptConfig(2, 32, 4, 32, 256, true, PositionEncoding.LEARNED);
  private static final int PROMPT_LENGTH = 4;
  private static final SamplingOptions GREEDY = SamplingOptions.greedy(8);

  /** Eight prompts of four tokens each, so every row sits at the same positions. */
  private static List<int[]> prompts() {
    List<int[]> prompts = new ArrayList<>();
    for (int row = 0; row < 8; row++) {
      prompts.add(new int[] {65 + row, 98, 99 + 3 * row, 32});
    }
    return prompts;
  }

  private static Gpt model() {
    Gpt model = Gpt.initialize(CONFIG, 5, TorchRuntime.device("cpu"));
    // Peaked distributions (SamplerTest's scale), so greedy choices are not near-ties.
    model.parameters().values().mul_(new Scalar(8.0));
    return model;
  }

  private static ReproducibilityAudit audit(Gpt model) {
    return new ReproducibilityAudit(CONFIG, model.parameters().byName(), prompts(), GREEDY,
        (prompt, completion) -> completion[0] == prompts().get(prompt)[0]);
  }

  @Test
  void theReferenceAgainstItselfDivergesNowhere() {
    List<ConditionOutcome> outcomes = audit(model()).run(List.of(ReproducibilityAudit.REFERENCE));
    ConditionOutcome reference = outcomes.get(0);
    assertThat(reference.fromReference()).isEqualTo(new Divergence(8, 0, Double.NaN, 0.0));
    assertThat(reference.fromOwnBatchOne()).isEqualTo(new Divergence(8, 0, Double.NaN, 0.0));
  }

  @Test
  void aPerturbedPositionDivergesAtTheFirstTokenPredictedThere() {
    Gpt model = model();
    List<int[]> reference = audit(model).decode(ReproducibilityAudit.REFERENCE);
    // Generated token i is predicted at position PROMPT_LENGTH - 1 + i; a causal model's earlier positions never see
    // a later position's embedding, so tokens 0 to 2 cannot change and token 3 is the first that can.
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      model.parameters().get("wpe.weight").select(0, PROMPT_LENGTH + 2).mul_(new Scalar(-40.0));
      model.parameters().valuesChanged();
    }
    List<int[]> perturbed = audit(model).decode(ReproducibilityAudit.REFERENCE);
    assertThat(Divergence.between(reference, perturbed)).isEqualTo(new Divergence(8, 8, 3.0, 0.0));
  }
}
