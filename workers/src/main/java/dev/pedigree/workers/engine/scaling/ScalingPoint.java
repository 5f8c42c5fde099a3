package dev.pedigree.workers.engine.scaling;

/**
 * One finished run as a scaling law sees it.
 *
 * @param label the run's name or id, for reports
 * @param parameters N: non-embedding parameters ({@code ModelSpec.nonEmbeddingParameters()})
 * @param tokens D: tokens trained on
 * @param loss the loss it reached
 */
public record ScalingPoint(String label, double parameters, double tokens, double loss) {
  public ScalingPoint {
    if (!(parameters > 0 && tokens > 0 && loss > 0) || Double.isInfinite(loss)) {
      throw new IllegalArgumentException("parameters, tokens and loss must be positive and finite: " + this);
    }
  }
}
