package dev.pedigree.workers.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodingRowsTest {
  private static final GptConfig CONFIG = new GptConfig(2, 32, 4, 40, 256, false, PositionEncoding.ROTARY);
  private static final int[] PROMPT = {72, 101, 108};

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void holesAndRowCopiesLeaveEachRowTheLogitsOfItsOwnTokens(boolean kvCache) {
    Map<String, Tensor> weights = Gpt.initialize(CONFIG, 21, TorchRuntime.device("cpu")).parameters().byName();
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      DecodingRows rows = new DecodingRows(CONFIG, weights, List.of(PROMPT, PROMPT, PROMPT), 4, 6, kvCache, true);
      rows.nextTokenLogits();
      rows.append(new long[] {33, 33, 40}, new boolean[] {true, true, true});
      rows.nextTokenLogits();
      rows.append(new long[] {34, 0, 41}, new boolean[] {true, false, true});
      Tensor afterOneStep = rows.nextTokenLogits();
      rows.append(new long[] {0, 34, 0}, new boolean[] {false, true, false});
      Tensor afterAHole = rows.nextTokenLogits();
      // Rows 0 and 1 hold the same tokens, 1 with a hole between them: the same next-token distribution.
      assertClose(afterAHole.select(0, 1), afterOneStep.select(0, 0));
      Tensor alone = new DecodingRows(CONFIG, weights, List.of(new int[] {72, 101, 108, 33, 34}), 1, kvCache)
          .nextTokenLogits();
      assertClose(afterOneStep.select(0, 0), alone.select(0, 0));

      // Row 2 becomes a copy of row 1, holes and cached keys included; both then take the same token.
      rows.copyRows(new long[] {1}, new long[] {2});
      rows.append(new long[] {35, 35, 35}, new boolean[] {false, true, true});
      Tensor afterTheCopy = rows.nextTokenLogits();
      assertClose(afterTheCopy.select(0, 2), afterTheCopy.select(0, 1));
      Tensor copiedAlone = new DecodingRows(CONFIG, weights, List.of(new int[] {72, 101, 108, 33, 34, 35}), 1, kvCache)
          .nextTokenLogits();
      assertClose(afterTheCopy.select(0, 2), copiedAlone.select(0, 0));
    }
  }

  private static void assertClose(Tensor actual, Tensor expected) {
    assertThat(actual.sub(expected).abs().max().item_double()).isLessThan(1e-5);
  }
}
