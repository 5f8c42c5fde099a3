package dev.pedigree.workers.engine.sampling;

import dev.pedigree.workers.engine.IncompatibleModelsException;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Greedy decoding from an output-space ensemble: every member reads the same prompts with its own weights and KV cache
 * (members may differ in width, depth or context, not in vocabulary), {@link EnsembleWeighting} combines their
 * next-token distributions, and every member is extended with the combined argmax. Deterministic: no sampling.
 */
public final class EnsembleDecoder {
  private final List<Member> members;

  /** @param weights the member's weights by name, all on one device (e.g. {@code Parameters.byName()}) */
  public record Member(GptConfig config, Map<String, Tensor> weights) {}

  /** @param members one or more models of one tokenizer */
  public EnsembleDecoder(List<Member> members) {
    TorchRuntime.initialize();
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    int vocabulary = members.get(0).config().vocabSize();
    for (int k = 1; k < members.size(); k++) {
      if (members.get(k).config().vocabSize() != vocabulary) {
        throw new IncompatibleModelsException("ensemble member " + k + " has a vocabulary of "
            + members.get(k).config().vocabSize() + " tokens, member 0 of " + vocabulary);
      }
    }
    this.members = List.copyOf(members);
  }

  /**
   * One completion per prompt, in order.
   *
   * @param options greedy options: the token count, stop token and KV cache
   */
  public List<EnsembleCompletion> generate(List<int[]> prompts, EnsembleWeighting weighting, SamplingOptions options) {
    if (!options.greedy()) {
      throw new IllegalArgumentException("ensemble decoding is greedy; temperature was " + options.temperature());
    }
    int rows = prompts.size();
    GrowingRows completions = new GrowingRows(rows, options);
    double[][] weightSums = new double[rows][members.size()];
    try (PointerScope generation = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      List<DecodingRows> sequences = members.stream().map(member ->
          new DecodingRows(member.config(), member.weights(), prompts, options.maxNewTokens(), options.kvCache()))
          .toList();
      for (int step = 0; step < options.maxNewTokens(); step++) {
        long[] next;
        double[] weights = new double[rows * members.size()];
        try (PointerScope stepScope = new PointerScope()) {
          EnsembleWeighting.Combined combined =
              weighting.combine(sequences.stream().map(DecodingRows::nextTokenLogits).toList());
          next = Sampler.toLongs(combined.scores().argmax(new LongOptional(-1), false), rows);
          Tensor memberWeights = combined.memberWeights().to(ScalarType.Double).cpu().contiguous();
          new DoublePointer(memberWeights.data_ptr_double()).get(weights);
        }
        boolean[] took = completions.add(next);
        for (int row = 0; row < rows; row++) {
          for (int k = 0; took[row] && k < members.size(); k++) {
            weightSums[row][k] += weights[row * members.size() + k];
          }
        }
        if (completions.allStopped() || step == options.maxNewTokens() - 1) {
          break;
        }
        for (DecodingRows sequence : sequences) {
          sequence.append(next);
        }
      }
    }
    List<EnsembleCompletion> result = new ArrayList<>();
    List<Completion> generated = completions.completions();
    for (int row = 0; row < rows; row++) {
      Completion completion = generated.get(row);
      double[] meanWeights = weightSums[row].clone();
      for (int k = 0; k < meanWeights.length; k++) {
        meanWeights[k] /= completion.tokens().length;
      }
      result.add(new EnsembleCompletion(completion, meanWeights));
    }
    return result;
  }
}
