package dev.pedigree.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.workers.bench.EnsembleEvaluation.Outcome;
import dev.pedigree.workers.engine.checkpoint.ModelFiles.LoadedModel;
import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.PositionEncoding;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EnsembleBenchTest {
  private static final GArithGenerator GENERATOR =
      new GArithGenerator(5, EnsembleBench.OPERATIONS, GArithGenerator.DEFAULT_CARRY_HEAVY_SHARE);

  @Test
  void theCorruptedMembersDataHasAboutThirtyPercentWrongAnswersAndNothingElseChanged() {
    long wrong = LongStream.range(0, 4000).filter(index -> {
      TaskProblem problem = GENERATOR.problem(index);
      String document = EnsembleBench.document(GENERATOR, 5, index, EnsembleBench.LABEL_NOISE);
      assertThat(document).startsWith(problem.prompt() + " <a>").endsWith("</a>\n");
      return !problem.verify(document);
    }).count();
    assertThat(wrong / 4000.0).isCloseTo(EnsembleBench.LABEL_NOISE, within(0.02));
    assertThat(LongStream.range(0, 200).mapToObj(index -> EnsembleBench.document(GENERATOR, 5, index, 0)))
        .containsExactlyElementsOf(LongStream.range(0, 200).mapToObj(i -> GENERATOR.problem(i).document()).toList());
  }

  @Test
  void everyArmIsScoredAndCoreWeighsEveryMember() {
    GptConfig config = new GptConfig(1, 32, 4, 32, ByteTokenizer.VOCAB_SIZE, false, PositionEncoding.ROTARY);
    List<LoadedModel> models = LongStream.rangeClosed(1, EnsembleBench.MEMBERS + 1)
        .mapToObj(seed -> new LoadedModel(Gpt.initialize(config, seed, TorchRuntime.device("cpu")),
            ByteTokenizer.INSTANCE, Map.of()))
        .toList();
    List<TaskProblem> problems = EnsembleBench.heldOut(1, 6);

    Outcome outcome = EnsembleEvaluation.evaluate(models, problems);

    assertThat(outcome.singles()).hasSize(EnsembleBench.MEMBERS + 1);
    assertThat(outcome.ensembles()).containsOnlyKeys("uniform", "CoRE", "uniform + corrupted", "CoRE + corrupted");
    assertThat(outcome.corruptedWeight()).isGreaterThan(0).isLessThan(1);
    assertThat(EnsembleEvaluation.evaluate(models, problems).toString()).isEqualTo(outcome.toString());
  }
}
