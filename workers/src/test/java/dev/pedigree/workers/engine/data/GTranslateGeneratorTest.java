package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.workers.engine.data.GTranslateGenerator.Direction;
import dev.pedigree.workers.engine.data.GTranslateGenerator.Language;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GTranslateGeneratorTest {
  @Test
  void writesEachConceptInTheLanguagesLetterAndOrder() {
    int[][] concepts = {{0, 1, 2}, {3, 4, 5}, {6, 7, 0}};

    assertThat(Language.A.write(concepts)).isEqualTo("abc def gha");
    assertThat(Language.B.write(concepts)).isEqualTo("ikm onl mpj");
    assertThat(Language.C.write(concepts)).isEqualTo("tqx vrw sut");
  }

  @Test
  void aProblemIsTheTaggedSourceSentenceAndItsTranslation() {
    Direction aToB = new Direction(Language.A, Language.B);
    TaskProblem problem = new GTranslateGenerator(3, List.of(aToB)).problem(5);

    assertThat(problem.prompt()).matches("A>B [a-h]{2} [a-h]{2} [a-h]{2}");
    String[] source = problem.prompt().substring(4).split(" ");
    String[] target = problem.answer().split(" ");
    String a = "abcdefgh";
    String b = "mpjonlik";
    for (int word = 0; word < 3; word++) {
      for (int letter = 0; letter < 2; letter++) {
        assertThat(target[2 - word].charAt(letter)).isEqualTo(b.charAt(a.indexOf(source[word].charAt(letter))));
      }
    }
  }

  @Test
  void translatingThereAndBackGivesTheSourceBack() {
    List<Direction> directions = GTranslateGenerator.ALL_DIRECTIONS;
    for (Direction direction : directions) {
      GTranslateGenerator there = new GTranslateGenerator(11, List.of(direction));
      GTranslateGenerator back = new GTranslateGenerator(11, List.of(new Direction(direction.to(), direction.from())));
      for (long index = 0; index < 20; index++) {
        TaskProblem forward = there.problem(index);
        TaskProblem backward = back.problem(index);
        assertThat(backward.answer()).isEqualTo(forward.prompt().substring(4));
        assertThat(backward.prompt().substring(4)).isEqualTo(forward.answer());
      }
    }
  }

  @Test
  void drawsEveryDirectionAndIsDeterministic() {
    GTranslateGenerator generator = new GTranslateGenerator(7, GTranslateGenerator.ALL_DIRECTIONS);
    Map<String, Integer> tags = new HashMap<>();
    for (long index = 0; index < 600; index++) {
      tags.merge(generator.problem(index).prompt().substring(0, 3), 1, Integer::sum);
    }

    assertThat(tags).hasSize(6).allSatisfy((tag, count) -> assertThat(count).isBetween(70, 130));
    assertThat(new GTranslateGenerator(7, GTranslateGenerator.ALL_DIRECTIONS).problem(42))
        .isEqualTo(generator.problem(42));
    assertThat(generator.problem(0).document()).hasSizeLessThan(40);
  }

  @Test
  void rejectsADirectionFromALanguageToItself() {
    assertThatThrownBy(() -> new Direction(Language.C, Language.C)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GTranslateGenerator(1, List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
