package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.bench.CntpBench.Arm;
import dev.pedigree.workers.bench.CntpBench.Score;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CntpBenchTest {
  @Test
  void everyArmIsScoredReproduciblyAndTrialsCostCompute() {
    GptConfig config = new GptConfig(1, 32, 4, 32, ByteTokenizer.VOCAB_SIZE, false, PositionEncoding.ROTARY);
    LoadedModel model = new LoadedModel(Gpt.initialize(config, 3, TorchRuntime.device("cpu")), ByteTokenizer.INSTANCE,
        Map.of());

    Map<String, Score> scores = CntpBench.evaluate(model, EnsembleBench.heldOut(1, 6), 1);

    assertThat(scores.keySet()).containsExactlyElementsOf(CntpBench.arms().stream().map(Arm::key).toList());
    assertThat(scores.get("greedy").branchings()).isZero();
    assertThat(scores.get("best-of-2, T 1.0").branchings()).isEqualTo(1.0);
    assertThat(scores.get("best-of-8, T 1.0").tokensForwarded())
        .isGreaterThan(scores.get("best-of-2, T 1.0").tokensForwarded())
        .isGreaterThan(scores.get("greedy").tokensForwarded());
    assertThat(CntpBench.evaluate(model, EnsembleBench.heldOut(1, 6), 1)).isEqualTo(scores);
  }

  @Test
  void theReadingComparesEachCntpArmWithTheBestOfNOfNearestCompute() {
    List<Map<String, Score>> outcomes = List.of(outcome(0.30, 0.10, 0.20), outcome(0.40, 0.20, 0.35));

    String report = CntpReport.markdown(new String[] {"--seeds", "2"}, EnsembleBench.spec(Path.of("<data>"), 2000, 1),
        100, outcomes, 1.0);

    assertThat(report).contains("./pedigree bench cntp --seeds 2")
        .contains("| greedy | 0.3500 ± 0.0707 [0.3000, 0.4000] | 20.00 ± 0.00 [20.00, 20.00] | 0.00 ± 0.00 |")
        // CNTP ≤4 forwards 33 tokens: best-of-2's 30 is nearer than best-of-4's 50.
        .contains("- CNTP ≤4, T 1.0 (1.65× compute): − greedy -0.0750 ± 0.0354 [-0.1000, -0.0500], ahead on 0 of 2 "
            + "seeds; − sampling +0.1250 ± 0.0354 [+0.1000, +0.1500], ahead on 2 of 2 seeds; − best-of-2 (1.50×) "
            + "+0.0250")
        .doesNotContain("## Discussion");
  }

  /** Every CNTP arm at {@code cntp} with 33 tokens forwarded, best-of-2, -4, -8 below it at 30, 50 and 90. */
  private static Map<String, Score> outcome(double greedy, double sampling, double cntp) {
    Map<String, Score> scores = new LinkedHashMap<>();
    for (Arm arm : CntpBench.arms()) {
      Score score = switch (arm.name()) {
        case "greedy" -> new Score(greedy, 20, 0);
        case "sampling" -> new Score(sampling, 20, 0);
        case "best-of-2" -> new Score(cntp - 0.025, 30, 1);
        case "best-of-4" -> new Score(cntp - 0.05, 50, 1);
        case "best-of-8" -> new Score(cntp - 0.1, 90, 1);
        default -> new Score(cntp, 33, 1);
      };
      scores.put(arm.key(), score);
    }
    return scores;
  }
}
