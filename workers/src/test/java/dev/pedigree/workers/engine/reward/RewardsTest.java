package dev.pedigree.workers.engine.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.GSeqGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workflows.spec.RewardCatalog;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RewardsTest {
  private static final TaskProblem ARITH = new TaskProblem("Q: 37+48 =", "85");

  @Test
  void arithmeticNeedsTheRightAnswerInTheExactFormat() {
    Reward reward = Rewards.of("arith-exact");

    assertThat(reward.score(ARITH, " <a>85</a>\n")).isEqualTo(1.0);
    assertThat(reward.score(ARITH, " <a>85</a>")).isEqualTo(1.0);
    assertThat(reward.score(ARITH, " <a>84</a>\n")).isEqualTo(0.1);
    assertThat(reward.score(ARITH, " <a>085</a>\n")).isEqualTo(0.0);
    assertThat(reward.score(ARITH, " <a>85</a> 7")).isEqualTo(0.0);
    assertThat(reward.score(ARITH, "<a>85</a>")).isEqualTo(0.0);
    assertThat(reward.solved(1.0)).isTrue();
    assertThat(reward.solved(0.1)).isFalse();
  }

  @Test
  void generatedDocumentsScoreOneOnTheirOwnCompletion() {
    TaskProblem arith = new GArithGenerator(3).problem(11);
    TaskProblem seq = new GSeqGenerator(3).problem(11);

    assertThat(Rewards.of("arith-exact").score(arith, arith.completion() + "\n")).isEqualTo(1.0);
    assertThat(Rewards.of("seq-exact").score(seq, seq.completion() + "\n")).isEqualTo(1.0);
    assertThat(Rewards.of("seq-exact").score(seq, " <a>1 2</a>")).isIn(0.1, 1.0);
    assertThat(Rewards.of("seq-exact").score(seq, " <a>12</a>")).isEqualTo(0.0);
  }

  @Test
  void sentimentCountsPositiveMinusNegativeWords() {
    Reward reward = Rewards.of("sentiment");

    assertThat(reward.score(new TaskProblem("The cat", ""), " loves the happy dog. It cries.")).isEqualTo(1.0);
  }

  @Test
  void theCatalogOfTheSpecsNamesEveryRewardAtItsVersion() {
    assertThat(Rewards.all().stream().collect(Collectors.toMap(Reward::name, Reward::version)))
        .isEqualTo(RewardCatalog.VERSIONS);
    assertThat(Rewards.of("arith-exact").qualifiedName()).isEqualTo(RewardCatalog.qualified("arith-exact"));
  }
}
