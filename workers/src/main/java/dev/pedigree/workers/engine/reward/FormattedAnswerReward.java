package dev.pedigree.workers.engine.reward;

import dev.pedigree.workers.engine.data.TaskProblem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact match with format checking for task problems written {@code Q: … = <a>answer</a>}: 1 when the completion is
 * exactly {@code " <a>answer</a>"} (optionally ending in a newline) with the right answer, {@link #FORMAT_ONLY} when it
 * has that form with a well-formed but wrong answer, and 0 otherwise (METHODS.md §3.2's reward with the optional
 * format bonus).
 */
abstract class FormattedAnswerReward implements Reward {
  static final double FORMAT_ONLY = 0.1;

  private final Pattern form;

  /** @param answerPattern a regular expression for a well-formed answer */
  FormattedAnswerReward(String answerPattern) {
    this.form = Pattern.compile(" <a>(" + answerPattern + ")</a>\n?");
  }

  @Override
  public double score(TaskProblem problem, String completion) {
    Matcher matcher = form.matcher(completion);
    if (!matcher.matches()) {
      return 0.0;
    }
    return matcher.group(1).equals(problem.answer()) ? 1.0 : FORMAT_ONLY;
  }
}
