package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampleOrderTest {
  @Test
  void eachEpochIsAPermutationThatDependsOnlyOnSeedAndCursor() {
    SampleOrder order = new SampleOrder(50, 9);
    int[] epoch0 = order.batchAt(0, 50);
    int[] epoch1 = order.batchAt(50, 50);
    assertThat(Arrays.stream(epoch0).sorted().toArray()).isEqualTo(IntStream.range(0, 50).toArray());
    assertThat(Arrays.stream(epoch1).sorted().toArray()).isEqualTo(IntStream.range(0, 50).toArray());
    assertThat(epoch1).isNotEqualTo(epoch0);

    SampleOrder resumed = new SampleOrder(50, 9);
    assertThat(resumed.batchAt(73, 10)).isEqualTo(Arrays.copyOfRange(order.batchAt(50, 50), 23, 33));
    assertThat(new SampleOrder(50, 10).batchAt(0, 50)).isNotEqualTo(epoch0);
  }

  @Test
  void windowsOverlapByOneTokenSoTargetsContinueTheStream() {
    ArrayTokens tokens = new ArrayTokens(ByteTokenizer.INSTANCE.encode("abcdefghij"));
    TokenWindows windows = new TokenWindows(tokens, ByteTokenizer.INSTANCE, 4);
    assertThat(windows.count()).isEqualTo(2);
    assertThat(windows.gather(new int[] {1, 0})).containsExactly('e', 'f', 'g', 'h', 'i', 'a', 'b', 'c', 'd', 'e');
  }
}
