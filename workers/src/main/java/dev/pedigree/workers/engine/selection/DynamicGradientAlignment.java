package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.torch.Autocast;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Dynamic Gradient Alignment: every {@code every} steps, one batch per domain and one of the target set's training
 * split are back-propagated through the current model, and each domain's weight moves by the cosine between its
 * gradient and the target gradient ({@link MixtureUpdate}). That costs {@code domains + 1} extra forward and backward
 * passes per update. Cosine rather than the raw dot product, so that one learning rate serves the whole run while
 * gradient norms shrink.
 */
final class DynamicGradientAlignment implements SelectionStrategy {
  private static final long SALT = 0x6467612d62617463L;

  private final List<Domain> domains;
  private final Domain target;
  private final MixtureUpdate update;
  private final int every;
  private final int batchSize;
  private final long seed;
  private final Device device;
  private final UniformSelection loss;
  private double[] alpha;
  private double[] sampling;

  DynamicGradientAlignment(List<Domain> domains, Domain target, MixtureUpdate update, int every, int batchSize,
      long seed, Device device, double[] initialMixture) {
    this.domains = domains;
    this.target = target;
    this.update = update;
    this.every = every;
    this.batchSize = batchSize;
    this.seed = seed;
    this.device = device;
    this.loss = new UniformSelection(initialMixture);
    this.alpha = initialMixture.clone();
    this.sampling = initialMixture.clone();
  }

  @Override
  public MicroBatchLoss loss(Gpt model, SampledBatch batch) {
    return loss.loss(model, batch);
  }

  @Override
  public double[] samplingWeights() {
    return sampling.clone();
  }

  @Override
  public Optional<double[]> beforeStep(long step, Gpt model) {
    if (step == 0 || step % every != 0) {
      return Optional.empty();
    }
    double[] alignment = new double[domains.size()];
    try (PointerScope scope = new PointerScope()) {
      SplitMix64 random = SplitMix64.forStream(seed ^ SALT, step);
      Tensor targetGradient = gradient(model,
          MixtureSampler.uniformBatch(domains.size(), target.train(), random, batchSize, device));
      double targetNorm = targetGradient.norm().item_double();
      for (int domain = 0; domain < domains.size(); domain++) {
        Tensor domainGradient = gradient(model,
            MixtureSampler.uniformBatch(domain, domains.get(domain).train(), random, batchSize, device));
        double norms = domainGradient.norm().item_double() * targetNorm;
        alignment[domain] = norms > 0 ? domainGradient.dot(targetGradient).item_double() / norms : 0;
      }
      model.parameters().zeroGrads();
    }
    alpha = update.exponentiated(alpha, alignment);
    sampling = update.smoothed(sampling, alpha);
    return Optional.of(sampling.clone());
  }

  @Override
  public Map<String, String> state() {
    return Map.of("alpha", Arrays.toString(alpha), "sampling", Arrays.toString(sampling));
  }

  @Override
  public void restore(Map<String, String> state) {
    alpha = parse(state.get("alpha"));
    sampling = parse(state.get("sampling"));
  }

  /** A copy of the flat gradient of the mean token loss on {@code sampled}. */
  private Tensor gradient(Gpt model, SampledBatch sampled) {
    model.parameters().zeroGrads();
    Tensor loss;
    try (Autocast autocast = Autocast.bf16For(model.parameters().byName())) {
      loss = model.loss(sampled.batch().inputs(), sampled.batch().targets());
    }
    loss.backward();
    return model.parameters().grads().clone();
  }

  private double[] parse(String values) {
    if (values == null) {
      throw new IllegalArgumentException("the checkpoint holds no DGA mixture state");
    }
    double[] parsed = Arrays.stream(values.substring(1, values.length() - 1).split(","))
        .mapToDouble(value -> Double.parseDouble(value.strip())).toArray();
    if (parsed.length != domains.size()) {
      throw new IllegalArgumentException(
          "the checkpoint's DGA state has " + parsed.length + " domains, the spec " + domains.size());
    }
    return parsed;
  }
}
