package dev.pedigree.workers.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.data.Fact.Attribute;
import dev.pedigree.workers.engine.data.GArithGenerator.Operation;
import dev.pedigree.workers.engine.data.GSeqGenerator.Kind;
import dev.pedigree.workflows.spec.DataSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorsTest {
  private static final Pattern ARITH = Pattern.compile("Q: (\\d+)([-+*])(\\d+) = <a>(\\d+)</a>\n");
  private static final Pattern SEQ = Pattern.compile("Q: (copy|reverse|sort) ([0-9 ]+) = <a>([0-9 ]+)</a>\n");

  static List<String> names() {
    return DataSpec.GENERATORS.stream().sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("names")
  void theSameSeedGivesTheSameDocumentsAndAnotherSeedOthers(String name) {
    DocumentGenerator first = Generators.of(name, 42);
    DocumentGenerator second = Generators.of(name, 42);
    DocumentGenerator other = Generators.of(name, 43);
    List<String> documents = LongStream.range(0, 50).mapToObj(first::document).toList();
    assertThat(LongStream.range(0, 50).mapToObj(second::document).toList()).isEqualTo(documents);
    assertThat(LongStream.range(0, 50).mapToObj(other::document).toList()).isNotEqualTo(documents);
    assertThat(first.document(77)).isEqualTo(Generators.of(name, 42).document(77));
    // Lines of text end in a newline; a Markov document is nothing but the chain's symbols.
    String ending = name.equals(DataSpec.MARKOV) ? "" : "\n";
    assertThat(documents).allSatisfy(document -> assertThat(document).endsWith(ending).hasSizeGreaterThan(5));
  }

  @Test
  void pinsTheFirstProblemsOfSeedSeven() {
    // Changing a generator changes every dataset made with it: do it on purpose, and update these.
    assertThat(new GArithGenerator(7).document(0)).isEqualTo("Q: 258-18 = <a>240</a>\n");
    assertThat(new GSeqGenerator(7).document(0)).isEqualTo("Q: reverse 5 0 7 1 7 2 = <a>2 7 1 7 0 5</a>\n");
  }

  @Test
  void arithmeticAnswersAreRightAndTheVerifierMatchesExactly() {
    GArithGenerator generator = new GArithGenerator(3);
    Set<Character> operators = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Matcher matcher = ARITH.matcher(generator.document(i));
      assertThat(matcher.matches()).as(generator.document(i)).isTrue();
      long a = Long.parseLong(matcher.group(1));
      long b = Long.parseLong(matcher.group(3));
      char operator = matcher.group(2).charAt(0);
      operators.add(operator);
      long expected = operator == '+' ? a + b : operator == '-' ? a - b : a * b;
      assertThat(Long.parseLong(matcher.group(4))).isEqualTo(expected);
    }
    assertThat(operators).containsExactlyInAnyOrder('+', '-', '*');

    TaskProblem problem = new TaskProblem("Q: 37+48 =", "85");
    assertThat(problem.document()).isEqualTo("Q: 37+48 = <a>85</a>\n");
    assertThat(problem.verify(" <a>85</a>\nQ: 1+1 = <a>2</a>")).isTrue();
    assertThat(problem.verify(" <a>850</a>")).isFalse();
    assertThat(problem.verify(" <a>8</a>")).isFalse();
    assertThat(problem.verify(" 85")).isFalse();
  }

  @Test
  void carryHeavyProblemsCarryInEveryColumn() {
    GArithGenerator additions = new GArithGenerator(5, EnumSet.of(Operation.ADD), 1.0);
    GArithGenerator subtractions = new GArithGenerator(5, EnumSet.of(Operation.SUBTRACT), 1.0);
    for (int i = 0; i < 300; i++) {
      TaskProblem sum = additions.problem(i);
      String[] addends = sum.prompt().substring(3, sum.prompt().length() - 2).split("\\+");
      assertThat(addends[0]).hasSameSizeAs(addends[1]);
      for (int column = 0; column < addends[0].length(); column++) {
        assertThat(addends[0].charAt(column) - '0' + addends[1].charAt(column) - '0').isGreaterThanOrEqualTo(10);
      }
      TaskProblem difference = subtractions.problem(i);
      String[] terms = difference.prompt().substring(3, difference.prompt().length() - 2).split("-");
      assertThat(Long.parseLong(difference.answer())).isPositive();
      for (int column = 1; column < terms[0].length(); column++) {
        assertThat(terms[0].charAt(column)).isLessThan(terms[1].charAt(column));
      }
    }
  }

  @Test
  void sequenceAnswersCopyReverseOrSort() {
    GSeqGenerator generator = new GSeqGenerator(11);
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Matcher matcher = SEQ.matcher(generator.document(i));
      assertThat(matcher.matches()).as(generator.document(i)).isTrue();
      List<String> input = Arrays.asList(matcher.group(2).split(" "));
      List<String> expected = switch (matcher.group(1)) {
        case "copy" -> input;
        case "reverse" -> IntStream.range(0, input.size()).mapToObj(k -> input.get(input.size() - 1 - k)).toList();
        default -> input.stream().sorted().toList();
      };
      kinds.add(matcher.group(1));
      assertThat(matcher.group(3)).isEqualTo(String.join(" ", expected));
    }
    assertThat(kinds).containsExactlyInAnyOrder("copy", "reverse", "sort");
    assertThat(new GSeqGenerator(11, EnumSet.of(Kind.SORT)).document(3)).startsWith("Q: sort ");
  }

  @Test
  void duplicatesAreNearCopiesOfASmallPool() {
    GDupGenerator generator = new GDupGenerator(9, 20);
    GTextGenerator pool = new GTextGenerator(9);
    int verbatim = 0;
    for (int i = 0; i < 200; i++) {
      String document = generator.document(i);
      String original = pool.document(generator.poolIndex(i));
      String[] words = document.split(" ");
      String[] originalWords = original.split(" ");
      assertThat(words).hasSameSizeAs(originalWords);
      long changed = IntStream.range(0, words.length)
          .filter(k -> !words[k].equals(originalWords[k])).count();
      assertThat(changed).isLessThanOrEqualTo(2);
      verbatim += changed == 0 ? 1 : 0;
    }
    assertThat(verbatim).isBetween(60, 160);
    assertThat(LongStream.range(0, 200).mapToObj(generator::document).distinct().count()).isLessThan(150);
  }

  @Test
  void noiseIsPrintableAscii() {
    GNoiseGenerator generator = new GNoiseGenerator(4);
    for (int i = 0; i < 100; i++) {
      String document = generator.document(i);
      assertThat(document.length() - 1).isBetween(40, 200);
      assertThat(document.chars().limit(document.length() - 1)).allMatch(c -> c >= ' ' && c <= '~');
    }
  }

  @Test
  void factsAreConsistentAndEmbeddedInText() {
    GFactsGenerator generator = new GFactsGenerator(8, 10);
    List<Fact> facts = generator.facts();
    assertThat(facts).hasSize(10 * Attribute.values().length);
    assertThat(facts.stream().map(fact -> fact.entity() + "/" + fact.attribute()).distinct()).hasSize(facts.size());
    assertThat(new GFactsGenerator(8, 10).facts()).isEqualTo(facts);
    Set<String> sentences = facts.stream().map(Fact::sentence).collect(Collectors.toSet());
    for (int i = 0; i < 100; i++) {
      String document = generator.document(i);
      long stated = sentences.stream().filter(document::contains).count();
      assertThat(stated).as(document).isBetween(1L, 2L);
      assertThat(document.replaceAll("[A-Z][a-z]+ (lives in|works as a|likes the color|has a pet) [a-zA-Z]+\\. ?", ""))
          .as(document).isNotBlank();
    }
    assertThat(facts.get(0).sentence()).matches("[A-Z][a-z]+ lives in [A-Z][a-z]+\\.");
  }
}
