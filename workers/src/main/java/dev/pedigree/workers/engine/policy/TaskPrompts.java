package dev.pedigree.workers.engine.policy;

import dev.pedigree.workers.engine.data.Corpus;
import dev.pedigree.workers.engine.data.DocumentGenerator;
import dev.pedigree.workers.engine.data.Generators;
import dev.pedigree.workers.engine.data.TaskGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;

/**
 * Prompts for a reward, drawn from a generator: task problems as they are, or for G-text the first
 * {@value #TEXT_PROMPT_WORDS} words of a document, with the rest of it as the reference answer. Training prompts skip
 * the generator's validation indices, which held-out prompts use, as the pretraining corpus split does.
 */
public final class TaskPrompts {
  static final int TEXT_PROMPT_WORDS = 3;

  private final DocumentGenerator generator;

  public TaskPrompts(String generatorName, long seed) {
    this.generator = Generators.of(generatorName, seed);
  }

  /** The name in metric keys: the generator's task, or {@code text}. */
  public String task() {
    return generator instanceof TaskGenerator tasks ? tasks.task() : "text";
  }

  /** The {@code k}-th training prompt. */
  public TaskProblem training(long k) {
    int kept = Corpus.VALIDATION_EVERY - 1;
    return problem(k / kept * Corpus.VALIDATION_EVERY + k % kept);
  }

  /** The {@code k}-th held-out prompt. */
  public TaskProblem heldOut(long k) {
    return problem(k * Corpus.VALIDATION_EVERY + Corpus.VALIDATION_EVERY - 1);
  }

  private TaskProblem problem(long index) {
    if (generator instanceof TaskGenerator tasks) {
      return tasks.problem(index);
    }
    String document = generator.document(index).strip();
    int cut = -1;
    for (int word = 0; word < TEXT_PROMPT_WORDS; word++) {
      cut = document.indexOf(' ', cut + 1);
      if (cut < 0) {
        return new TaskProblem(document, "");
      }
    }
    return new TaskProblem(document.substring(0, cut), document.substring(cut).strip());
  }
}
