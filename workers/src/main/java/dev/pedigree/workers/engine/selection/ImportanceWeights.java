package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Domain;
import java.util.List;

/**
 * The static mixture of importance sampling, DGA's baseline (METHODS.md §3.1 #2), computed once before training: a
 * domain classifier made of one {@link BigramModel} per domain (fitted on the domain's training windows, decoded to
 * bytes) gives each of the target set's training windows a posterior over the domains (equal priors: P(domain | window)
 * is the softmax of the domains' log-likelihoods), and a domain's weight is its mean posterior over the target
 * windows: the share of the target set that looks like it. The domains' spec weights play no part. Like clustered
 * importance sampling, this samples each domain as often as the target set resembles it, never updated in training.
 */
final class ImportanceWeights {
  private ImportanceWeights() {}

  static double[] of(List<Domain> domains, Domain target) {
    return of(domains.stream().map(domain -> Pool.of(List.of(domain)).texts()).toList(),
        Pool.of(List.of(target)).texts());
  }

  /** One weight per domain of {@code domainTexts}, summing to 1. */
  static double[] of(List<List<byte[]>> domainTexts, List<byte[]> targetTexts) {
    List<BigramModel> models = domainTexts.stream().map(BigramModel::fit).toList();
    double[] weights = new double[models.size()];
    for (byte[] text : targetTexts) {
      double[] posterior = Softmax.of(models.stream().mapToDouble(model -> model.logLikelihood(text)).toArray());
      for (int domain = 0; domain < weights.length; domain++) {
        weights[domain] += posterior[domain] / targetTexts.size();
      }
    }
    return weights;
  }
}
