package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.audit.AuditCondition;
import dev.pedigree.workers.engine.audit.ConditionOutcome;
import dev.pedigree.workers.engine.audit.Divergence;
import dev.pedigree.workers.engine.audit.Precision;
import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproducibilityReportTest {
  private static final AuditCondition BF16_B16 = AuditCondition.of(Precision.BF16, 16);

  private static ConditionOutcome outcome(Divergence fromReference, Divergence fromOwn, double accuracy) {
    return new ConditionOutcome(BF16_B16, fromReference, fromOwn, accuracy, 2.0);
  }

  @Test
  void poolsTheSeedsIntoOneRowPerCondition() {
    List<List<ConditionOutcome>> bySeed = List.of(
        List.of(outcome(new Divergence(4, 2, 3.0, 0.5), new Divergence(4, 1, 6.0, 0.25), 0.5)),
        List.of(outcome(new Divergence(4, 1, 6.0, 0.0), new Divergence(4, 0, Double.NaN, 0.0), 0.25)));
    String markdown = ReproducibilityReport.markdown(new String[0], "cpu (1 aten, 1 blas threads)",
        ReproducibilityBench.spec(ReproducibilityBench.CPU_MODEL, 600, 1, "cpu"), 4, bySeed, 1.0);
    assertThat(markdown).contains("## cpu (1 aten, 1 blas threads)")
        .contains("| bf16 b16 | 3 of 8 | 2 / 1 | 4.00 | 0.250 | 1 of 8 | 0.375 ± 0.177 | 2.0 |");
  }

  @Test
  void auditsHeldOutProblemsUnderEveryConditionOfTheDevice() {
    List<TaskProblem> problems = ReproducibilityBench.heldOut(3);
    assertThat(problems).hasSize(3).allSatisfy(problem -> assertThat(problem.prompt()).startsWith("Q: "));
    assertThat(problems.get(0)).isEqualTo(
        new GArithGenerator(7).problem(Corpus.VALIDATION_EVERY - 1));
    assertThat(ReproducibilityBench.conditions(false)).extracting(AuditCondition::label).containsExactly(
        "fp32 b1", "fp32 b4", "fp32 b16", "fp32 b16 no-cache", "bf16 b1", "bf16 b4", "bf16 b16", "bf16 b16 no-cache",
        "layercast b1", "layercast b4", "layercast b16", "layercast b16 no-cache", "fp32 b16 2 threads");
    assertThat(ReproducibilityBench.conditions(true)).extracting(AuditCondition::label)
        .contains("fp32+autocast b16").doesNotContain("fp32 b16 2 threads").hasSize(16);
  }
}
