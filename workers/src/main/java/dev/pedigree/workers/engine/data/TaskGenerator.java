package dev.pedigree.workers.engine.data;

/** A generator whose documents are problems with one right answer, so a model can be scored on held-out ones. */
public interface TaskGenerator extends DocumentGenerator {
  /** The name in metric keys: {@code eval/<task>/accuracy}. */
  String task();

  TaskProblem problem(long index);

  @Override
  default String document(long index) {
    return problem(index).document();
  }
}
