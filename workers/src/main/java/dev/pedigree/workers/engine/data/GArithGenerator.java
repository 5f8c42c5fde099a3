package dev.pedigree.workers.engine.data;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * G-arith (METHODS.md §3): {@code Q: 37+48 = <a>85</a>}. Addition and subtraction of numbers up to three digits,
 * multiplication up to two; operators are ASCII ({@code + - *}) so every problem is one byte per character. A share of
 * problems is carry-heavy: every column of an addition carries, every lower column of a subtraction borrows, and
 * multiplications use digits 5 to 9 only. Subtractions never go below zero.
 */
public final class GArithGenerator implements TaskGenerator {
  public static final double DEFAULT_CARRY_HEAVY_SHARE = 0.25;

  /** The three operations and how they are written. */
  public enum Operation {
    ADD('+'),
    SUBTRACT('-'),
    MULTIPLY('*');

    private final char symbol;

    Operation(char symbol) {
      this.symbol = symbol;
    }

    public char symbol() {
      return symbol;
    }
  }

  private final long seed;
  private final List<Operation> operations;
  private final double carryHeavyShare;

  public GArithGenerator(long seed) {
    this(seed, EnumSet.allOf(Operation.class), DEFAULT_CARRY_HEAVY_SHARE);
  }

  /** Problems with only {@code operations}, a {@code carryHeavyShare} of them carry-heavy (METHODS.md §3.1 domains). */
  public GArithGenerator(long seed, Set<Operation> operations, double carryHeavyShare) {
    if (operations.isEmpty() || !(carryHeavyShare >= 0 && carryHeavyShare <= 1)) {
      throw new IllegalArgumentException("need an operation and a carry-heavy share in [0, 1]");
    }
    this.seed = seed;
    this.operations = List.copyOf(EnumSet.copyOf(operations));
    this.carryHeavyShare = carryHeavyShare;
  }

  @Override
  public String task() {
    return "arith";
  }

  @Override
  public TaskProblem problem(long index) {
    SplitMix64 random = SplitMix64.forStream(seed, index);
    Operation operation = operations.get(random.nextInt(operations.size()));
    boolean carryHeavy = random.nextDouble() < carryHeavyShare;
    long[] operands = switch (operation) {
      case ADD -> carryHeavy ? carryingAddends(random) : new long[] {number(random, 3), number(random, 3)};
      case SUBTRACT -> carryHeavy ? borrowingTerms(random) : ordered(number(random, 3), number(random, 3));
      case MULTIPLY -> carryHeavy
          ? new long[] {highDigits(random, 1 + random.nextInt(2)), highDigits(random, 1 + random.nextInt(2))}
          : new long[] {number(random, 2), number(random, 2)};
    };
    long a = operands[0];
    long b = operands[1];
    long result = switch (operation) {
      case ADD -> a + b;
      case SUBTRACT -> a - b;
      case MULTIPLY -> a * b;
    };
    return new TaskProblem("Q: " + a + operation.symbol() + b + " =", Long.toString(result));
  }

  /** A number of one to {@code maxDigits} digits, the digit count uniform first. */
  private static long number(SplitMix64 random, int maxDigits) {
    int digits = 1 + random.nextInt(maxDigits);
    long low = digits == 1 ? 0 : pow10(digits - 1);
    return low + random.nextInt((int) (pow10(digits) - low));
  }

  private static long[] ordered(long a, long b) {
    return new long[] {Math.max(a, b), Math.min(a, b)};
  }

  /** Two numbers of the same length whose digit sums are 10 or more in every column. */
  private static long[] carryingAddends(SplitMix64 random) {
    int digits = 1 + random.nextInt(3);
    long a = 0;
    long b = 0;
    for (int i = 0; i < digits; i++) {
      int x = 1 + random.nextInt(9);
      int y = 10 - x + random.nextInt(x);
      a = a * 10 + x;
      b = b * 10 + y;
    }
    return new long[] {a, b};
  }

  /** {@code a > b}, same length (2 or 3 digits), a's digit below b's in every column but the leading one. */
  private static long[] borrowingTerms(SplitMix64 random) {
    int digits = 2 + random.nextInt(2);
    int leadB = 1 + random.nextInt(8);
    long a = leadB + 1 + random.nextInt(9 - leadB);
    long b = leadB;
    for (int i = 1; i < digits; i++) {
      int y = 1 + random.nextInt(9);
      int x = random.nextInt(y);
      a = a * 10 + x;
      b = b * 10 + y;
    }
    return new long[] {a, b};
  }

  private static long highDigits(SplitMix64 random, int digits) {
    long value = 0;
    for (int i = 0; i < digits; i++) {
      value = value * 10 + 5 + random.nextInt(5);
    }
    return value;
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
