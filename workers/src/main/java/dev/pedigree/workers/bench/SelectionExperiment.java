package dev.pedigree.workers.bench;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.util.List;

/**
 * One toy experiment of METHODS.md §3.1: a multi-domain corpus, the strategies compared on it (the first is uniform),
 * and what counts as held-out loss.
 *
 * @param heldOutDomains domains whose held-out losses are averaged; empty means the target set's held-out loss
 */
record SelectionExperiment(
    String name, String setup, DataSpec data, List<Arm> arms, List<String> heldOutDomains) {
  /** A strategy under a short name. */
  record Arm(String name, SelectionSpec selection) {}

  private static final int DOCUMENTS = 2000;

  /** §3.1 #1: half near-duplicates; held out is fresh G-text and G-arith. */
  static SelectionExperiment lossReweighting() {
    DataSpec data = DataSpec.mixture(List.of(
        DomainSpec.generated("dup", 0.5, "g-dup", DOCUMENTS, 21L),
        DomainSpec.generated("text", 0.4, "g-text", DOCUMENTS, 22L),
        DomainSpec.generated("arith", 0.1, "g-arith", DOCUMENTS, 23L)), null);
    return new SelectionExperiment("loss-reweighting",
        "domains g-dup 50% (200 G-text documents repeated with small edits), g-text 40%, g-arith 10%, "
            + DOCUMENTS + " documents each; held-out loss = mean of the text and arith domains' held-out losses",
        data,
        List.of(
            new Arm("uniform", SelectionSpec.uniform()),
            new Arm("linupper", SelectionSpec.lossReweighting("linupper", 1, 1)),
            new Arm("quadratic", SelectionSpec.lossReweighting("quadratic", 1, 1)),
            new Arm("extremes", SelectionSpec.lossReweighting("extremes", 1, 1))),
        List.of("text", "arith"));
  }

  /** §3.1 #2: six generic domains, the target is carry-heavy addition. */
  static SelectionExperiment dga(double learningRate) {
    DataSpec data = DataSpec.mixture(List.of(
        DomainSpec.generated("text", 1, "g-text", DOCUMENTS, 41L),
        new DomainSpec("arith-add", 1.0, "g-arith", DOCUMENTS, 42L, List.of("add"), null, null, null, null),
        new DomainSpec("arith-mul", 1.0, "g-arith", DOCUMENTS, 43L, List.of("multiply"), null, null, null, null),
        new DomainSpec("seq-copy", 1.0, "g-seq", DOCUMENTS, 44L, List.of("copy"), null, null, null, null),
        new DomainSpec("seq-reverse", 1.0, "g-seq", DOCUMENTS, 45L, List.of("reverse"), null, null, null, null),
        DomainSpec.generated("noise", 1, "g-noise", DOCUMENTS, 46L)),
        new DomainSpec("target", null, "g-arith", 1280, 47L, List.of("add"), 1.0, null, null, null));
    return new SelectionExperiment("dga",
        "6 domains of " + DOCUMENTS + " documents (g-text, g-arith add, g-arith multiply, g-seq copy, g-seq reverse,"
            + " g-noise), uniform start; target set = carry-heavy addition (1,152 train / 128 held-out problems);"
            + " held-out loss = the target set's. importance: a mixture fixed before the first step, each domain's"
            + " weight its mean posterior over the target's training windows under byte-bigram domain classifiers",
        data,
        List.of(
            new Arm("uniform", SelectionSpec.uniform()),
            new Arm("dga", SelectionSpec.dga(25, learningRate, 0.9)),
            new Arm("importance", SelectionSpec.importance())),
        List.of());
  }

  /**
   * §3.1 #3: a pool of relevant, irrelevant, noisy and duplicated sources; the target is carry-heavy addition.
   * PreSelect, a random subset and a quality classifier keep the same share of the pool's windows; uniform draws from
   * the whole pool.
   */
  static SelectionExperiment preselect(double fraction) {
    DataSpec data = DataSpec.mixture(List.of(
        DomainSpec.generated("text", 1, "g-text", DOCUMENTS, 61L),
        DomainSpec.generated("dup", 1, "g-dup", DOCUMENTS, 62L),
        new DomainSpec("arith-add", 1.0, "g-arith", DOCUMENTS, 63L, List.of("add"), null, null, null, null),
        new DomainSpec("arith-mul", 1.0, "g-arith", DOCUMENTS, 64L, List.of("multiply"), null, null, null, null),
        new DomainSpec("seq-copy", 1.0, "g-seq", DOCUMENTS, 65L, List.of("copy"), null, null, null, null),
        DomainSpec.generated("noise", 1, "g-noise", DOCUMENTS, 66L)),
        new DomainSpec("target", null, "g-arith", 1280, 67L, List.of("add"), 1.0, null, null, null));
    return new SelectionExperiment("preselect",
        "pool of 6 domains of " + DOCUMENTS + " documents (g-text, g-dup, g-arith add, g-arith multiply, g-seq copy,"
            + " g-noise), weights equal; target set = carry-heavy addition (1,152 train / 128 held-out problems);"
            + " held-out loss = the target set's. preselect: 6 reference models (1 layer, d=32, 33 to 200 steps),"
            + " keeps the top " + Math.round(fraction * 100) + "% of the pool's windows by the n-gram scorer; random:"
            + " a uniformly random " + Math.round(fraction * 100) + "%; quality-classifier: the top "
            + Math.round(fraction * 100) + "% by the same n-gram logistic regression fitted on the target's training"
            + " windows against as many random pool windows, no reference models. All three train uniformly on what"
            + " they keep",
        data,
        List.of(
            new Arm("uniform", SelectionSpec.uniform()),
            new Arm("preselect", SelectionSpec.preselect(6, 200, fraction, SelectionSpec.NGRAM_SCORER)),
            new Arm("random-subset", SelectionSpec.preselect(6, 200, fraction, SelectionSpec.RANDOM_SCORER)),
            new Arm("quality-classifier", SelectionSpec.qualityClassifier(fraction))),
        List.of());
  }
}
