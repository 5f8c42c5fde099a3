package dev.pedigree.workers.engine.transplant;

/**
 * How a transplant fills the rows of the tokens the base's vocabulary lacks.
 *
 * @param k OMP: the most shared tokens a new token is built from; TokenAdapt: how many of the most similar shared
 *     tokens make its global estimate; the other inits ignore it
 * @param globalWeight TokenAdapt: the global estimate's share of a new row, the local (subword-mean) estimate
 *     getting the rest
 * @param temperature TokenAdapt: divides the neighbours' cosine similarities before the softmax that weights them
 */
public record TransplantSettings(TransplantInit init, int k, double globalWeight, double temperature) {
  /** The TokenAdapt authors' tool defaults (Sharthak et al. 2025): 3 neighbours, global weight 0.3, temperature 0.3. */
  public static final int TOKEN_ADAPT_K = 3;
  public static final double TOKEN_ADAPT_GLOBAL_WEIGHT = 0.3;
  public static final double TOKEN_ADAPT_TEMPERATURE = 0.3;

  public TransplantSettings {
    boolean usesK = init == TransplantInit.OMP || init == TransplantInit.TOKEN_ADAPT;
    if (usesK && k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
    if (!(globalWeight >= 0 && globalWeight <= 1)) {
      throw new IllegalArgumentException("globalWeight must be in [0, 1], was " + globalWeight);
    }
    if (!(temperature > 0 && Double.isFinite(temperature))) {
      throw new IllegalArgumentException("temperature must be positive, was " + temperature);
    }
  }

  /** {@code init} with {@code k} and TokenAdapt's default weight and temperature. */
  public static TransplantSettings of(TransplantInit init, int k) {
    return new TransplantSettings(init, k, TOKEN_ADAPT_GLOBAL_WEIGHT, TOKEN_ADAPT_TEMPERATURE);
  }
}
