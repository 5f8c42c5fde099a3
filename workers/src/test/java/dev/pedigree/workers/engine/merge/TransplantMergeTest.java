package dev.pedigree.workers.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.StopSignal;
import dev.pedigree.workers.engine.TrainingListener;
import dev.pedigree.workers.engine.TrainingSummary;
import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import dev.pedigree.workers.engine.data.GTextGenerator;
import dev.pedigree.workers.engine.data.Sha256;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.transplant.TransplantInit;
import dev.pedigree.workflows.spec.MergeSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransplantMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Device CPU = new Device("cpu");
  private static final Tokenizer BASE_TOKENIZER = bpe(7, 290);
  private static final Tokenizer DONOR_TOKENIZER = bpe(9, 330);
  @TempDir Path directory;
  private Path base;
  private Path donor;

  private static Tokenizer bpe(long seed, int vocabSize) {
    GTextGenerator generator = new GTextGenerator(seed);
    BpeTrainer trainer = new BpeTrainer();
    IntStream.range(0, 150).forEach(i -> trainer.add(generator.document(i)));
    return trainer.train(vocabSize);
  }

  private Path model(String name, GptConfig config, Tokenizer tokenizer, long seed) {
    Path file = directory.resolve(name + ".safetensors");
    ModelFiles.write(file, config, tokenizer, Gpt.initialize(config, seed, CPU).parameters(), Map.of());
    return file;
  }

  @BeforeEach
  void baseAndDonor() {
    base = model("base", new GptConfig(1, 16, 2, 16, BASE_TOKENIZER.vocabSize()).alignedEmbeddings(),
        BASE_TOKENIZER, 1);
    donor = model("donor", new GptConfig(2, 8, 2, 32, DONOR_TOKENIZER.vocabSize()), DONOR_TOKENIZER, 2);
  }

  /** The transplant's model file. */
  private Path transplant(String init, Integer k, Double globalWeight) {
    MergeSpec spec = new MergeSpec(MergeSpec.TRANSPLANT, null, null, "base-id", null, null, null, null, null, null,
        "donor-id", init, k, globalWeight, null);
    TrainingSummary summary = new MergeJob(spec, Map.of("base", base, "donor", donor), directory.resolve("out"))
        .run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER);
    return summary.model();
  }

  @Test
  void theMergeKindWritesTheBaseOnTheDonorsTokenizerWithBothInTheRecipe() throws Exception {
    Path transplanted = transplant(null, 8, null);

    ModelFiles.Header header = ModelFiles.header(transplanted);
    assertThat(header.tokenizer().sha256()).isEqualTo(DONOR_TOKENIZER.sha256());
    assertThat(header.config().vocabSize()).isEqualTo(DONOR_TOKENIZER.vocabSize());
    assertThat(header.config().dModel()).isEqualTo(16);
    assertThat(header.config().contextLength()).isEqualTo(16);
    JsonNode recipe = JSON.readTree(header.metadata().get("merge"));
    assertThat(recipe.get("method").asText()).isEqualTo("transplant");
    assertThat(recipe.get("base").get("sha256").asText()).isEqualTo(Sha256.ofFile(base));
    assertThat(recipe.get("donor").get("sha256").asText()).isEqualTo(Sha256.ofFile(donor));
    assertThat(recipe.get("init").asText()).isEqualTo("omp");
    assertThat(recipe.get("k").asInt()).isEqualTo(8);
    assertThat(recipe.get("sharedTokens").asInt() + recipe.get("newTokens").asInt())
        .isEqualTo(DONOR_TOKENIZER.vocabSize());
    assertThat(recipe.get("newTokens").asInt()).isPositive();
    try (SafeTensorsReader original = SafeTensorsReader.open(base);
        SafeTensorsReader moved = SafeTensorsReader.open(transplanted)) {
      assertThat(moved.read("h.0.mlp.fc.weight")).isEqualTo(original.read("h.0.mlp.fc.weight"));
    }
  }

  @Test
  void aTokenAdaptTransplantRecordsItsWeightAndTemperature() throws Exception {
    Path transplanted = transplant(MergeSpec.TOKEN_ADAPT_INIT, null, 0.5);

    JsonNode recipe = JSON.readTree(ModelFiles.header(transplanted).metadata().get("merge"));
    assertThat(recipe.get("init").asText()).isEqualTo("tokenadapt");
    assertThat(recipe.get("k").asInt()).isEqualTo(3);
    assertThat(recipe.get("globalWeight").asDouble()).isEqualTo(0.5);
    assertThat(recipe.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(recipe.has("embeddingResidual")).isFalse();
  }

  @Test
  void theEnginesInitsAreTheSpecsInits() {
    assertThat(TransplantInit.ids()).containsExactlyElementsOf(MergeSpec.TRANSPLANT_INITS);
  }
}
