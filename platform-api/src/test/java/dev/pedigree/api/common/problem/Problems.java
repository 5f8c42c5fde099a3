package dev.pedigree.api.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the problems that request parsers throw. */
public final class Problems {
  private Problems() {}

  /** The field errors of the 400 that {@code call} throws; fails when it throws none. */
  public static List<FieldError> fieldErrorsOf(ThrowingCallable call) {
    ApiProblem problem = catchThrowableOfType(ApiProblem.class, call);
    assertThat(problem).as("a 400").isNotNull();
    assertThat(problem.getStatusCode().value()).isEqualTo(400);
    @SuppressWarnings("unchecked")
    List<FieldError> errors = (List<FieldError>) problem.getBody().getProperties().get("errors");
    return errors;
  }
}
