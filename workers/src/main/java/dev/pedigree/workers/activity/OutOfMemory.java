package dev.pedigree.workers.activity;

import dev.pedigree.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;

/**
 * libtorch's allocator failures (CUDA or CPU) reach Java as runtime exceptions whose message says "out of memory".
 * Another attempt of the same spec on the same kind of worker fails the same way, so the run fails at once with advice.
 */
final class OutOfMemory {
  private OutOfMemory() {}

  static boolean isOne(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("out of memory")) {
        return true;
      }
    }
    return false;
  }

  static ApplicationFailure failure(RuntimeException e) {
    String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return ApplicationFailure.newNonRetryableFailureWithCause("the device ran out of memory (" + first
        + "); use a smaller batchSize with more gradAccumulation, a shorter contextLength, or a bigger device",
        FailureTypes.OUT_OF_MEMORY, e);
  }
}
