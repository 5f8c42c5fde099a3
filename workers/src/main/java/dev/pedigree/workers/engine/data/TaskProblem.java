package dev.pedigree.workers.engine.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A question and its answer, written {@code Q: 37+48 = <a>85</a>}. The completion starts with a space so that the
 * prompt and the completion never share a pre-tokenized piece: encoding them apart gives the document's tokens.
 */
public record TaskProblem(String prompt, String answer) {
  private static final Pattern ANSWER = Pattern.compile("<a>(.*?)</a>");

  /** What a model should generate after the prompt. */
  public String completion() {
    return " <a>" + answer + "</a>";
  }

  public String document() {
    return prompt + completion() + "\n";
  }

  /** Exact match: the first {@code <a>…</a>} in {@code generated} holds exactly the answer. */
  public boolean verify(String generated) {
    Matcher matcher = ANSWER.matcher(generated);
    return matcher.find() && matcher.group(1).equals(answer);
  }
}
