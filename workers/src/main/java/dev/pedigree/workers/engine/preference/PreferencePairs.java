package dev.pedigree.workers.engine.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workers.engine.data.SplitMix64;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.policy.Rollouts;
import dev.pedigree.workers.engine.policy.Rollouts.Rollout;
import dev.pedigree.workers.engine.policy.TaskPrompts;
import dev.pedigree.workers.engine.reward.Reward;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workflows.spec.PairsSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;

/** The preference pairs of a run: sampled from the base model and labelled by a reward, or read from a JSONL file. */
public final class PreferencePairs {
  static final int PROMPTS_PER_BATCH = 32;
  /** Generation gives up after this many prompts per requested pair, keeping the pairs it has. */
  static final int MAX_PROMPTS_PER_PAIR = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreferencePairs() {}

  /**
   * The pairs {@code spec} names, read from its file or generated from {@code base}, with chosen and rejected swapped
   * when the spec says {@code reversed}.
   *
   * @param reward labels generated pairs; may be empty only for pairs from a file
   * @param prompts the prompts generated pairs answer; may be empty only for pairs from a file
   */
  public static List<PreferencePair> of(PairsSpec spec, Gpt base, Tokenizer tokenizer, Optional<Reward> reward,
      Optional<TaskPrompts> prompts, long seed) {
    List<PreferencePair> pairs = spec.fromFile()
        ? read(Path.of(spec.file()), tokenizer)
        : generate(base, tokenizer, reward.orElseThrow(), prompts.orElseThrow(), spec, seed);
    return spec.reversed() ? pairs.stream().map(PreferencePair::swapped).toList() : pairs;
  }

  /**
   * {@code samplesPerPrompt} completions of each training prompt in turn; the best-scored is chosen and the worst
   * rejected, and prompts whose samples all score the same give no pair. A pure function of the model and the seed.
   */
  private static List<PreferencePair> generate(
      Gpt base, Tokenizer tokenizer, Reward reward, TaskPrompts prompts, PairsSpec spec, long seed) {
    Rollouts rollouts = new Rollouts(tokenizer, reward,
        SamplingOptions.sampled(spec.maxNewTokens(), spec.temperature(), 0, 1.0));
    int samples = spec.samplesPerPrompt();
    List<PreferencePair> pairs = new ArrayList<>();
    long promptLimit = (long) spec.count() * MAX_PROMPTS_PER_PAIR;
    for (long batch = 0; pairs.size() < spec.count() && batch * PROMPTS_PER_BATCH < promptLimit; batch++) {
      List<TaskProblem> problems = new ArrayList<>();
      for (int i = 0; i < PROMPTS_PER_BATCH; i++) {
        TaskProblem problem = prompts.training(batch * PROMPTS_PER_BATCH + i);
        for (int s = 0; s < samples; s++) {
          problems.add(problem);
        }
      }
      List<Rollout> sampled;
      try (PointerScope scope = new PointerScope()) {
        sampled = rollouts.sample(base, problems, SamplingRandom.seeded(SplitMix64.forStream(seed, batch).nextLong()));
      }
      for (int start = 0; start < sampled.size() && pairs.size() < spec.count(); start += samples) {
        Rollout best = sampled.get(start);
        Rollout worst = sampled.get(start);
        for (Rollout rollout : sampled.subList(start, start + samples)) {
          best = rollout.reward() > best.reward() ? rollout : best;
          worst = rollout.reward() < worst.reward() ? rollout : worst;
        }
        if (best.reward() > worst.reward()) {
          pairs.add(new PreferencePair(best.prompt(), best.completion(), worst.completion(),
              Optional.of(new PreferencePair.Scores(best.reward(), worst.reward()))));
        }
      }
    }
    if (pairs.isEmpty()) {
      // The same base and spec sample the same completions: another attempt would fail the same way.
      throw new IllegalArgumentException(
          "the base model's samples never differ in reward, so no pair could be made");
    }
    return List.copyOf(pairs);
  }

  /** Lines {@code {"prompt": …, "chosen": …, "rejected": …}}, completions without the prompt; blank lines skipped. */
  private static List<PreferencePair> read(Path file, Tokenizer tokenizer) {
    List<PreferencePair> pairs = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        JsonNode line = JSON.readTree(lines.get(i));
        String where = file + " line " + (i + 1);
        pairs.add(new PreferencePair(tokens(line, "prompt", tokenizer, where), tokens(line, "chosen", tokenizer, where),
            tokens(line, "rejected", tokenizer, where)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read preference pairs from " + file, e);
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no preference pairs");
    }
    return List.copyOf(pairs);
  }

  private static int[] tokens(JsonNode line, String field, Tokenizer tokenizer, String where) {
    JsonNode value = line.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-empty string");
    }
    return tokenizer.encode(value.asText());
  }
}
