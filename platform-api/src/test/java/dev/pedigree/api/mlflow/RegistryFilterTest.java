package dev.pedigree.api.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.api.registry.NamePattern;
import dev.pedigree.api.registry.TagCondition;
import dev.pedigree.api.registry.TagCondition.Comparison;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryFilterTest {

  @Test
  void tagClausesJoinTheNameClauseWhateverTheirKeysSpelling() {
    RegistryFilter filter = RegistryFilter.parse("name LIKE 'arith-%' AND tags.`validation status` = 'approved'"
        + " and tag.team != \"nlp\" AND tags.`mlflow.prompt.is_prompt` != 'true'", false);

    assertThat(filter.name()).isEqualTo(new NamePattern("arith-%", false));
    assertThat(filter.tags()).containsExactly(
        new TagCondition("validation status", Comparison.EQUAL, "approved", null),
        new TagCondition("team", Comparison.NOT_EQUAL, "nlp", null),
        new TagCondition("mlflow.prompt.is_prompt", Comparison.NOT_EQUAL, "true", "false"));
  }

  @Test
  void otherSyntaxKeepsItsError() {
    for (String filter : List.of("tags.k > '1'", "tags.k = 'a' OR name = 'b'", "tags.`` = 'a'",
        "params.k = 'v'")) {
      assertThatThrownBy(() -> RegistryFilter.parse(filter, true))
          .isInstanceOf(MlflowException.class)
          .hasMessageContaining(filter);
    }
  }
}
