package dev.pedigree.workers.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.spec.ModelSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonEmbeddingParametersTest {
  @Test
  void theSpecCountsEveryWeightOfTheLayoutButTheEmbeddingsAndHead() {
    for (ModelSpec model : new ModelSpec[] {ModelSpec.defaults(), new ModelSpec(6, 384, 6, 128, false, "learned"),
        new ModelSpec(3, 48, 4, 32, true, "rotary")}) {
      long counted = Gpt.layout(GptConfig.of(model, 512)).stream()
          .filter(shape -> !Set.of("wte.weight", "wpe.weight", "lm_head.weight").contains(shape.name()))
          .mapToLong(ParameterShape::numel)
          .sum();

      assertThat(model.nonEmbeddingParameters()).isEqualTo(counted);
    }
    assertThat(ModelSpec.defaults().nonEmbeddingParameters()).isEqualTo(2 * (12 * 64 * 64 + 13 * 64) + 2 * 64);
  }
}
