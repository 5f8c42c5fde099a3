package dev.pedigree.workers.engine.transplant;

import java.util.Arrays;
import java.util.List;

/** How a transplant fills the rows of tokens the base's vocabulary lacks; shared tokens always keep the base's rows. */
public enum TransplantInit {
  /** The donor's row as a sparse combination of shared tokens' donor rows; the same combination of their base rows. */
  OMP("omp"),
  /** The mean of the base's rows. */
  MEAN("mean"),
  ZERO("zero"),
  /** The mean of the base's rows for the token's bytes as the base tokenizes them (FVT-like). */
  SUBWORD_MEAN("subword-mean"),
  /**
   * TokenAdapt's hybrid (Sharthak et al., "Achieving Tokenizer Flexibility in Language Models through Heuristic
   * Adaptation and Supertoken Learning", 2025): a weighted sum of the subword mean (local) and the
   * similarity-weighted mean of the base rows of the shared tokens nearest in the donor's embedding space (global).
   */
  TOKEN_ADAPT("tokenadapt");

  private final String id;

  TransplantInit(String id) {
    this.id = id;
  }

  /** The name specs and reports use. */
  public String id() {
    return id;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(TransplantInit::id).toList();
  }

  public static TransplantInit of(String id) {
    return Arrays.stream(values()).filter(init -> init.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown transplant init " + id + "; one of " + ids()));
  }
}
