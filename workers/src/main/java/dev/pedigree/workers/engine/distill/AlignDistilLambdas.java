package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.Batch;
import dev.pedigree.workers.engine.model.Gpt;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * AlignDistil's token weights on given inputs, as a run with these two DPO models trains with them: their distribution
 * over tokens, which the per-step metric {@code distill/lambda_mean} only averages.
 */
public final class AlignDistilLambdas {
  private AlignDistilLambdas() {}

  /** λ_t = β₂·TV(π_dpo, π_rdpo)_t + 1e-3 at every position of {@code windows}, row by row. */
  public static double[] of(Gpt dpo, Gpt reverseDpo, Batch windows, double beta2) {
    try (PointerScope scope = new PointerScope()) {
      DistillTokens tokens = new DistillTokens.Windows(windows);
      Tensor lambda = TokenLosses.alignDistilLambda(tokens.frozenScores(dpo), tokens.frozenScores(reverseDpo), beta2)
          .to(ScalarType.Double).cpu().contiguous();
      double[] values = new double[(int) lambda.numel()];
      new DoublePointer(lambda.data_ptr_double()).get(values);
      return values;
    }
  }
}
