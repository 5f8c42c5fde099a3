package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionExperimentTest {
  private static final double LEARNING_RATE = 2.0;

  private static List<Integer> trainDocuments(DataSpec data) {
    return data.domains().stream().map(DomainSpec::trainDocuments).toList();
  }

  @Test
  void smallAndScarceCombinesTheSmallDomainsWithTheScarceTarget() {
    SelectionExperiment small = SelectionExperiment.dgaSmallDomains(LEARNING_RATE);
    SelectionExperiment scarce = SelectionExperiment.dgaScarceTarget(LEARNING_RATE);
    SelectionExperiment combined = SelectionExperiment.dgaSmallAndScarce(LEARNING_RATE);

    assertThat(trainDocuments(combined.data())).containsExactly(60, 360, 378, 207, 190, 68)
        .isEqualTo(trainDocuments(small.data()));
    assertThat(combined.data().target()).isEqualTo(scarce.data().target());
    assertThat(combined.data().target().trainDocuments()).isEqualTo(32);
    assertThat(combined.arms()).extracting(SelectionExperiment.Arm::name)
        .containsExactly("uniform", "dga", "importance", "target-only");
    assertThat(combined.setup()).contains("(60 text, 360 arith-add,").contains("(32 train / 128 held-out problems)");
  }

  @Test
  void targetOnlyTrainsOnTheScarceTrainingSplitAlone() {
    SelectionExperiment combined = SelectionExperiment.dgaSmallAndScarce(LEARNING_RATE);
    SelectionExperiment.Arm targetOnly = combined.arms().get(3);

    List<DomainSpec> domains = combined.dataOf(targetOnly).domains();
    assertThat(domains).extracting(DomainSpec::weight).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
    assertThat(domains.get(6).name()).isEqualTo("target-train");
    assertThat(domains.get(6).trainDocuments()).isEqualTo(32);
  }
}
