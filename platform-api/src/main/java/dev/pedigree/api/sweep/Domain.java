package dev.pedigree.api.sweep;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The values a sweep parameter takes: listed ones, or a numeric range that random search draws from. */
sealed interface Domain {

  /** Listed values, set as they are (an integer stays an integer). */
  record Values(List<JsonNode> values) implements Domain {
    public Values {
      values = List.copyOf(values);
    }
  }

  /**
   * A range for random search, bounds included.
   *
   * @param log draw uniformly in log space (for learning rates and other scales)
   * @param integer both bounds were integers, so every draw is an integer
   */
  record Range(double min, double max, boolean log, boolean integer) implements Domain {}
}
