package dev.pedigree.workers.bench;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import dev.pedigree.workflows.spec.SelectionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One toy experiment of METHODS.md §3.1: a multi-domain corpus, the strategies compared on it (the first is uniform),
 * and what counts as held-out loss.
 *
 * @param heldOutDomains domains whose held-out losses are averaged; empty means the target set's held-out loss
 */
record SelectionExperiment(
    String name, String setup, DataSpec data, List<Arm> arms, List<String> heldOutDomains) {
  /** A strategy under a short name, on the experiment's data unless it brings its own. */
  record Arm(String name, SelectionSpec selection, Optional<DataSpec> data) {
    Arm(String name, SelectionSpec selection) {
      this(name, selection, Optional.empty());
    }
  }

  private static final int DOCUMENTS = 2000;
  /** Dga's arms are uniform, dga, importance and target-only; every T steps dga adds one pass per domain and target. */
  private static final int DGA_EVERY = 25;
  /**
   * The small-domains regime: each generic domain's first training documents, about 128 windows of 65 byte tokens
   * (2% of a 400-step run's 6,400 windows) per domain.
   */
  private static final Map<String, Integer> SMALL_DOMAIN_DOCUMENTS = Map.of(
      "text", 60, "arith-add", 360, "arith-mul", 378, "seq-copy", 207, "seq-reverse", 190, "noise", 68);
  /** How the small-domains regime's cut is described in the report. */
  private static final String SMALL_DOMAINS = "about 128 windows of 65 tokens per domain ("
      + SMALL_DOMAIN_DOCUMENTS.get("text") + " text, " + SMALL_DOMAIN_DOCUMENTS.get("arith-add") + " arith-add, "
      + SMALL_DOMAIN_DOCUMENTS.get("arith-mul") + " arith-mul, " + SMALL_DOMAIN_DOCUMENTS.get("seq-copy")
      + " seq-copy, " + SMALL_DOMAIN_DOCUMENTS.get("seq-reverse") + " seq-reverse, "
      + SMALL_DOMAIN_DOCUMENTS.get("noise") + " noise documents; held-out documents unchanged)";
  private static final int SCARCE_TARGET_DOCUMENTS = 32;

  DataSpec dataOf(Arm arm) {
    return arm.data().orElse(data);
  }

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

  /**
   * §3.1 #1's diagnostic ablation: the same corpus with 10% G-noise added (the other three keep their proportions);
   * held out is still fresh G-text and G-arith.
   */
  static SelectionExperiment lossReweightingWithNoise() {
    DataSpec data = DataSpec.mixture(List.of(
        DomainSpec.generated("dup", 0.45, "g-dup", DOCUMENTS, 21L),
        DomainSpec.generated("text", 0.36, "g-text", DOCUMENTS, 22L),
        DomainSpec.generated("arith", 0.09, "g-arith", DOCUMENTS, 23L),
        DomainSpec.generated("noise", 0.1, "g-noise", DOCUMENTS, 24L)), null);
    return new SelectionExperiment("loss-reweighting-noise",
        "the loss-reweighting corpus (same documents) with 10% G-noise added: g-dup 45%, g-text 36%, g-arith 9%,"
            + " g-noise 10%, " + DOCUMENTS + " documents each; held-out loss = mean of the text and arith domains'"
            + " held-out losses",
        data,
        List.of(
            new Arm("uniform", SelectionSpec.uniform()),
            new Arm("linupper", SelectionSpec.lossReweighting("linupper", 1, 1)),
            new Arm("extremes", SelectionSpec.lossReweighting("extremes", 1, 1))),
        List.of("text", "arith"));
  }

  /** §3.1 #2: six generic domains, the target is carry-heavy addition. */
  static SelectionExperiment dga(double learningRate) {
    return dga("dga", "6 domains of " + DOCUMENTS + " documents (g-text, g-arith add, g-arith multiply, g-seq copy,"
        + " g-seq reverse, g-noise)", dgaDomains(), dgaTarget(), learningRate);
  }

  /** §3.1 #2, the regime where importance sampling should overfit: every generic domain cut to about 128 windows. */
  static SelectionExperiment dgaSmallDomains(double learningRate) {
    return dga("dga-small-domains", "the dga experiment's 6 domains, each cut to its first training documents, "
        + SMALL_DOMAINS, smallDgaDomains(), dgaTarget(), learningRate);
  }

  /** §3.1 #2, the regime where importance sampling should get trapped: 32 target training problems. */
  static SelectionExperiment dgaScarceTarget(double learningRate) {
    return dga("dga-scarce-target", "the dga experiment's 6 domains of " + DOCUMENTS + " documents", dgaDomains(),
        scarceDgaTarget(), learningRate);
  }

  /**
   * §3.1 #2, both regimes at once: importance sampling can overfit the small domains, and the target set is too small
   * to train on alone.
   */
  static SelectionExperiment dgaSmallAndScarce(double learningRate) {
    return dga("dga-small-and-scarce", "the dga-small-domains experiment's 6 domains, " + SMALL_DOMAINS,
        smallDgaDomains(), scarceDgaTarget(), learningRate);
  }

  private static List<DomainSpec> smallDgaDomains() {
    return dgaDomains().stream()
        .map(domain -> domain.withTrainDocuments(SMALL_DOMAIN_DOCUMENTS.get(domain.name()))).toList();
  }

  private static DomainSpec scarceDgaTarget() {
    return dgaTarget().withTrainDocuments(SCARCE_TARGET_DOCUMENTS);
  }

  private static List<DomainSpec> dgaDomains() {
    return List.of(
        DomainSpec.generated("text", 1, "g-text", DOCUMENTS, 41L),
        new DomainSpec("arith-add", 1.0, "g-arith", DOCUMENTS, 42L, List.of("add"), null, null, null, null),
        new DomainSpec("arith-mul", 1.0, "g-arith", DOCUMENTS, 43L, List.of("multiply"), null, null, null, null),
        new DomainSpec("seq-copy", 1.0, "g-seq", DOCUMENTS, 44L, List.of("copy"), null, null, null, null),
        new DomainSpec("seq-reverse", 1.0, "g-seq", DOCUMENTS, 45L, List.of("reverse"), null, null, null, null),
        DomainSpec.generated("noise", 1, "g-noise", DOCUMENTS, 46L));
  }

  private static DomainSpec dgaTarget() {
    return new DomainSpec("target", null, "g-arith", 1280, 47L, List.of("add"), 1.0, null, null, null);
  }

  private static SelectionExperiment dga(
      String name, String domains, List<DomainSpec> generic, DomainSpec target, double learningRate) {
    DataSpec data = DataSpec.mixture(generic, target);
    int trainProblems = target.trainDocuments() != null
        ? target.trainDocuments() : DomainSpec.trainSplit(target.documents());
    return new SelectionExperiment(name,
        domains + ", uniform start; target set = carry-heavy addition ("
            + String.format(Locale.ROOT, "%,d", trainProblems) + " train / "
            + target.documents() / DomainSpec.VALIDATION_EVERY + " held-out problems); held-out"
            + " loss = the target set's. dga: every T=" + DGA_EVERY + " steps one batch per domain and one of the"
            + " target's training windows, " + (generic.size() + 1) + " extra forward and backward passes per "
            + DGA_EVERY + " steps (" + Math.round(100.0 * (generic.size() + 1) / DGA_EVERY) + "% more than uniform)."
            + " importance: a mixture fixed before the first step, each domain's weight its mean posterior over the"
            + " target's training windows under byte-bigram domain classifiers. target-only: trains on the target's"
            + " training windows alone (the domains kept at weight 0 for their held-out losses)",
        data,
        List.of(
            new Arm("uniform", SelectionSpec.uniform()),
            new Arm("dga", SelectionSpec.dga(DGA_EVERY, learningRate, 0.9)),
            new Arm("importance", SelectionSpec.importance()),
            new Arm("target-only", SelectionSpec.uniform(), Optional.of(targetOnly(generic, target)))),
        List.of());
  }

  /** The target set's training split as the only domain of positive weight, the generic domains at weight 0. */
  private static DataSpec targetOnly(List<DomainSpec> generic, DomainSpec target) {
    List<DomainSpec> domains = new ArrayList<>();
    generic.forEach(domain -> domains.add(domain.withNameAndWeight(domain.name(), 0)));
    domains.add(target.withNameAndWeight("target-train", 1));
    return DataSpec.mixture(domains, target);
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
