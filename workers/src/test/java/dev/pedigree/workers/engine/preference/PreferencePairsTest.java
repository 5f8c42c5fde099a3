package dev.pedigree.workers.engine.preference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.TinyArithBase;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.reward.Rewards;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workflows.spec.PairsSpec;
import dev.pedigree.workflows.spec.PromptSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencePairsTest {
  @TempDir Path directory;

  private static String text(int[] tokens) {
    byte[] bytes = new byte[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      bytes[i] = (byte) tokens[i];
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<List<String>> texts(List<PreferencePair> pairs) {
    return pairs.stream().map(pair -> List.of(text(pair.prompt()), text(pair.chosen()), text(pair.rejected())))
        .toList();
  }

  @Test
  void reversedFilePairsSwapChosenAndRejectedInFileOrder() throws IOException {
    Path file = directory.resolve("pairs.jsonl");
    Files.write(file, List.of(
        "{\"prompt\": \"Q: 2+3 =\", \"chosen\": \" <a>5</a>\", \"rejected\": \" <a>6</a>\"}",
        "",
        "{\"prompt\": \"Q: 7*8 =\", \"chosen\": \" <a>56</a>\", \"rejected\": \" <a>54</a>\"}"));

    List<List<String>> forward = texts(PreferencePairs.of(fromFile(file, false), null, ByteTokenizer.INSTANCE,
        Optional.empty(), Optional.empty(), 1L));
    List<List<String>> reversed = texts(PreferencePairs.of(fromFile(file, true), null, ByteTokenizer.INSTANCE,
        Optional.empty(), Optional.empty(), 1L));

    assertThat(forward).containsExactly(List.of("Q: 2+3 =", " <a>5</a>", " <a>6</a>"),
        List.of("Q: 7*8 =", " <a>56</a>", " <a>54</a>"));
    assertThat(reversed).containsExactly(List.of("Q: 2+3 =", " <a>6</a>", " <a>5</a>"),
        List.of("Q: 7*8 =", " <a>54</a>", " <a>56</a>"));
  }

  @Test
  void reversedGeneratedPairsAreTheSameSamplesSwapped() {
    ModelFiles.LoadedModel base = ModelFiles.load(TinyArithBase.model(), new Device("cpu"));
    Reward reward = Rewards.of("arith-exact");
    Optional<TaskPrompts> prompts = Optional.of(new TaskPrompts("g-arith", 7L));

    List<PreferencePair> forward = PreferencePairs.of(generated(false), base.model(), base.tokenizer(),
        Optional.of(reward), prompts, 3L);
    List<PreferencePair> reversed = PreferencePairs.of(generated(true), base.model(), base.tokenizer(),
        Optional.of(reward), prompts, 3L);

    assertThat(forward).hasSize(16);
    assertThat(texts(reversed)).isEqualTo(texts(forward.stream().map(PreferencePair::swapped).toList()))
        .isNotEqualTo(texts(forward));
  }

  private static PairsSpec fromFile(Path file, boolean reversed) {
    return new PairsSpec(null, null, null, null, null, null, file.toString(), reversed);
  }

  private static PairsSpec generated(boolean reversed) {
    return new PairsSpec("arith-exact", new PromptSpec(7L, 8), 16, 4, 16, 1.0, null, reversed);
  }
}
