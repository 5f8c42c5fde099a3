package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.data.ContextQuestion;
import dev.pedigree.workers.engine.data.TaskProblem;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.sampling.Completion;
import dev.pedigree.workers.engine.sampling.ContextAwareDecoder;
import dev.pedigree.workers.engine.sampling.ContextCompletion;
import dev.pedigree.workers.engine.sampling.ContextContrast;
import dev.pedigree.workers.engine.sampling.Sampler;
import dev.pedigree.workers.engine.sampling.SamplingOptions;
import dev.pedigree.workers.engine.sampling.SamplingRandom;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Exact match of greedy, CAD and AdaCAD decoding on knowledge-conflict questions: each question's context and question
 * against the question alone, up to the end of the answer's line.
 */
final class ConflictEvaluation {
  /** Enough for {@code  <a>cartographer</a>} and the newline after it. */
  static final int MAX_NEW_TOKENS = 24;
  private static final int NEWLINE = '\n';

  /** The arms, in report order. */
  static final List<Arm> ARMS = List.of(new Arm("greedy", ContextContrast.greedy()),
      new Arm("CAD", ContextContrast.cad(ContextContrast.CAD_ALPHA)), new Arm("AdaCAD", ContextContrast.adaCad()));

  record Arm(String name, ContextContrast contrast) {}

  /**
   * One arm's scores on one model.
   *
   * @param conflictAccuracy exact match of the context's value where it contradicts the fact table
   * @param noConflictAccuracy exact match where the context agrees with the table
   * @param conflictParametric where they conflict, the share answered with the table's value instead
   * @param conflictAlpha mean over conflict questions of the mean α_t over generated tokens
   * @param noConflictAlpha the same over no-conflict questions
   * @param conflictMaxAlpha mean over conflict questions of the largest α_t of their completion
   * @param noConflictMaxAlpha the same over no-conflict questions
   */
  record ArmScores(String arm, double conflictAccuracy, double noConflictAccuracy, double conflictParametric,
      double conflictAlpha, double noConflictAlpha, double conflictMaxAlpha, double noConflictMaxAlpha) {
    /** Accuracy over the mix, half conflict and half not. */
    double mixedAccuracy() {
      return (conflictAccuracy + noConflictAccuracy) / 2;
    }
  }

  /** @param closedBook exact match of the table's value when asked without context: what the model memorised */
  record Outcome(double closedBook, List<ArmScores> arms) {
    ArmScores arm(String name) {
      return arms.stream().filter(scores -> scores.arm().equals(name)).findFirst().orElseThrow();
    }
  }

  private ConflictEvaluation() {}

  /** @param questions as many conflict questions as no-conflict ones */
  static Outcome evaluate(Gpt model, Tokenizer tokenizer, List<ContextQuestion> questions) {
    List<int[]> withContext = questions.stream().map(q -> tokenizer.encode(q.withContext().prompt())).toList();
    List<int[]> withoutContext = questions.stream().map(q -> tokenizer.encode(q.question())).toList();
    SamplingOptions options = SamplingOptions.greedy(MAX_NEW_TOKENS).withStopToken(NEWLINE);
    List<Completion> closedBook = new Sampler(model.config(), model.parameters().byName())
        .generate(withoutContext, options, SamplingRandom.seeded(0));
    double remembered = share(questions.size(), row -> answers(tokenizer, closedBook.get(row),
        questions.get(row).known().value()));
    ContextAwareDecoder decoder = new ContextAwareDecoder(model.config(), model.parameters().byName());
    List<ArmScores> arms = ARMS.stream().map(arm -> {
      List<ContextCompletion> completions = decoder.generate(withContext, withoutContext, arm.contrast(), options);
      return scores(arm.name(), questions, completions, tokenizer);
    }).toList();
    return new Outcome(remembered, arms);
  }

  private static ArmScores scores(
      String arm, List<ContextQuestion> questions, List<ContextCompletion> completions, Tokenizer tokenizer) {
    Predicate<Integer> conflict = row -> questions.get(row).conflict();
    Predicate<Integer> right = row -> answers(tokenizer, completions.get(row).completion(),
        questions.get(row).asked().value());
    Predicate<Integer> parametric = row -> answers(tokenizer, completions.get(row).completion(),
        questions.get(row).known().value());
    int rows = questions.size();
    return new ArmScores(arm, share(rows, conflict.and(right)) / share(rows, conflict),
        share(rows, conflict.negate().and(right)) / share(rows, conflict.negate()),
        share(rows, conflict.and(parametric)) / share(rows, conflict),
        mean(completions, questions, true, ContextCompletion::meanAlpha),
        mean(completions, questions, false, ContextCompletion::meanAlpha),
        mean(completions, questions, true, ContextCompletion::maxAlpha),
        mean(completions, questions, false, ContextCompletion::maxAlpha));
  }

  private static boolean answers(Tokenizer tokenizer, Completion completion, String value) {
    return new TaskProblem("", value).verify(tokenizer.decode(completion.tokens()));
  }

  private static double share(int rows, Predicate<Integer> holds) {
    int count = 0;
    for (int row = 0; row < rows; row++) {
      count += holds.test(row) ? 1 : 0;
    }
    return (double) count / rows;
  }

  private static double mean(List<ContextCompletion> completions, List<ContextQuestion> questions, boolean conflict,
      ToDoubleFunction<ContextCompletion> value) {
    double sum = 0;
    int count = 0;
    for (int row = 0; row < questions.size(); row++) {
      if (questions.get(row).conflict() == conflict) {
        sum += value.applyAsDouble(completions.get(row));
        count++;
      }
    }
    return sum / count;
  }
}
