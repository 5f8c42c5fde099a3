package dev.pedigree.workers.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.GArithGenerator;
import dev.pedigree.workers.engine.data.GTextGenerator;
import dev.pedigree.workers.engine.data.TaskProblem;
import org.junit.jupiter.api.Test;

class TaskPromptsTest {
  @Test
  void trainingPromptsSkipTheValidationIndicesThatHeldOutPromptsUse() {
    TaskPrompts prompts = new TaskPrompts("g-arith", 7);
    GArithGenerator generator = new GArithGenerator(7);

    assertThat(prompts.training(0)).isEqualTo(generator.problem(0));
    assertThat(prompts.training(8)).isEqualTo(generator.problem(8));
    assertThat(prompts.training(9)).isEqualTo(generator.problem(10));
    assertThat(prompts.heldOut(0)).isEqualTo(generator.problem(9));
    assertThat(prompts.heldOut(2)).isEqualTo(generator.problem(29));
    assertThat(prompts.task()).isEqualTo("arith");
  }

  @Test
  void textPromptsAreADocumentsFirstThreeWords() {
    TaskProblem prompt = new TaskPrompts("g-text", 7).training(0);
    String document = new GTextGenerator(7).document(0).strip();

    assertThat(prompt.prompt().split(" ")).hasSize(3);
    assertThat(prompt.prompt() + " " + prompt.answer()).isEqualTo(document);
    assertThat(new TaskPrompts("g-text", 7).task()).isEqualTo("text");
  }
}
