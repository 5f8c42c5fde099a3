package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.logsumexp;
import static org.bytedeco.pytorch.global.torch.one_hot;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** {@link CrossEntropyRows} from libtorch's own operations, in fp32: what the CUDA kernel is checked against. */
final class ReferenceCrossEntropyRows implements CrossEntropyRows {
  @Override
  public void apply(Tensor logits, Tensor targets, Tensor losses, int vocab, boolean writeGradient) {
    try (NoGradGuard noGrad = new NoGradGuard()) {
      Tensor vocabLogits = logits.narrow(1, 0, vocab).to(ScalarType.Float);
      Tensor ignored = targets.eq(new Scalar(Gpt.IGNORED_TARGET));
      Tensor safeTargets = targets.masked_fill(ignored, new Scalar(0L));
      Tensor logSumExp = logsumexp(vocabLogits, new long[] {1}, false);
      Tensor targetLogits = vocabLogits.gather(1, safeTargets.unsqueeze(1)).squeeze(1);
      losses.copy_(logSumExp.sub(targetLogits).masked_fill(ignored, new Scalar(0.0)));
      if (writeGradient) {
        Tensor gradient = vocabLogits.sub(logSumExp.unsqueeze(1)).exp()
            .sub(one_hot(safeTargets, vocab).to(ScalarType.Float))
            .masked_fill(ignored.unsqueeze(1), new Scalar(0.0));
        logits.zero_();
        logits.narrow(1, 0, vocab).copy_(gradient);
      }
    }
  }
}
