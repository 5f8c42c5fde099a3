package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.StepMetrics;
import dev.pedigree.workers.engine.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/** Samples the process's resident set and the JVM heap every {@code every} training steps. */
final class RssSampler implements TrainingListener {
  private final int every;
  private final List<Sample> samples = new ArrayList<>();

  RssSampler(int every) {
    this.every = every;
  }

  @Override
  public void onStep(StepMetrics metrics) {
    if (metrics.step() % every == 0) {
      Runtime runtime = Runtime.getRuntime();
      long heapUsed = runtime.totalMemory() - runtime.freeMemory();
      samples.add(new Sample(
          metrics.step(), MachineInfo.residentKib(), heapUsed >> 10, runtime.totalMemory() >> 10, metrics.loss()));
    }
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  record Sample(long step, long rssKib, long heapUsedKib, long heapCommittedKib, double loss) {}
}
