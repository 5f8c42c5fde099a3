package dev.pedigree.workflows.common;

/** Temporal task queues. Workflows and ledger activities run on the platform; training on compute queues. */
public final class TaskQueues {
  public static final String PLATFORM = "pedigree-platform";
  public static final String CPU = "pedigree-cpu";
  public static final String GPU = "pedigree-gpu";

  private TaskQueues() {}

  /** The compute queue for a spec's {@code device}: {@code cuda} needs a GPU worker, anything else runs on CPU. */
  public static String forDevice(String device) {
    return "cuda".equals(device) ? GPU : CPU;
  }
}
