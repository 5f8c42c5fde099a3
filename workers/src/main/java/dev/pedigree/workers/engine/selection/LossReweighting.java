package dev.pedigree.workers.engine.selection;

import static org.bytedeco.pytorch.global.torch.log_softmax;
import static org.bytedeco.pytorch.global.torch.tensor;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import dev.pedigree.workers.engine.torch.Tensors;
import java.nio.ByteOrder;
import java.util.Optional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Back-propagates the weighted sum of the samples' mean token losses, with weights from the samples' own current
 * losses ({@link SampleWeighting}); the weights are constants to the gradient.
 */
final class LossReweighting implements SelectionStrategy {
  private final SampleWeighting weighting;
  private final Device device;
  private final double[] mixture;

  LossReweighting(SampleWeighting weighting, Device device, double[] mixture) {
    this.weighting = weighting;
    this.device = device;
    this.mixture = mixture;
  }

  @Override
  public MicroBatchLoss loss(Gpt model, SampledBatch sampled) {
    Tensor logits;
    try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
      logits = Gpt.logits(model.config(), model.parameters().byName(), sampled.batch().inputs());
    }
    Tensor tokenLoss = log_softmax(logits.to(ScalarType.Float), -1)
        .gather(2, sampled.batch().targets().unsqueeze(2)).squeeze(2).neg();
    Tensor sampleLoss = tokenLoss.mean(1);
    double[] losses = hostDoubles(sampleLoss.detach());
    double[] weights = weighting.weights(losses);
    float[] hostWeights = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      hostWeights[i] = (float) weights[i];
    }
    Tensor weightTensor = tensor(hostWeights).to(device, ScalarType.Float);
    return new MicroBatchLoss(sampleLoss.mul(weightTensor).sum(), sampleLoss.mean().detach(),
        Optional.of(new MicroBatchLoss.SampleWeights(sampled.sampleIds(), losses, weights)));
  }

  @Override
  public double[] samplingWeights() {
    return mixture.clone();
  }

  private static double[] hostDoubles(Tensor tensor) {
    double[] values = new double[(int) tensor.numel()];
    Tensors.hostBytes(tensor.to(ScalarType.Double)).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(values);
    return values;
  }
}
