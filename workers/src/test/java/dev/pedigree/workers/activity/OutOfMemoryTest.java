package dev.pedigree.workers.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class OutOfMemoryTest {
  @Test
  void aCudaAllocatorFailureIsANonRetryableOutOfMemoryWithAdvice() {
    RuntimeException cuda = new RuntimeException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.11 GiB total)"
        + "\nException raised from malloc at c10/cuda/CUDACachingAllocator.cpp");

    assertThat(OutOfMemory.isOne(cuda)).isTrue();
    ApplicationFailure failure = OutOfMemory.failure(cuda);
    assertThat(failure.getType()).isEqualTo(FailureTypes.OUT_OF_MEMORY);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Tried to allocate 2.00 GiB").contains("batchSize")
        .doesNotContain("CUDACachingAllocator");
  }

  @Test
  void aWrappedCpuAllocatorFailureCountsAndOtherErrorsDoNot() {
    assertThat(OutOfMemory.isOne(new IllegalStateException("step failed",
        new RuntimeException("DefaultCPUAllocator: not enough memory: you tried to allocate 8 GB. Out of memory"))))
        .isTrue();
    assertThat(OutOfMemory.isOne(new RuntimeException("shape mismatch"))).isFalse();
  }
}
