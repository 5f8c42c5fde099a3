package dev.pedigree.workers.engine.optim;

import dev.pedigree.workers.engine.TrainingListener;
import java.util.Map;

/**
 * When a training loop reports its optimizer's state bytes ({@value Optimizers#STATE_BYTES_METRIC}): at a run's first
 * step and after each change of the state's layout (a FRUGAL reselection), not again on a resumed attempt's start.
 */
public final class StateBytesReport {
  private final Optimizer optimizer;
  private long reportedLayout;

  /** @param fromStart whether the run starts at step 0, so its state is reported at once */
  public StateBytesReport(Optimizer optimizer, boolean fromStart) {
    this.optimizer = optimizer;
    this.reportedLayout = fromStart ? -1 : optimizer.layoutChanges();
  }

  /** Reports the state bytes at {@code step} if the state's layout changed since the last report. */
  public void reportTo(TrainingListener listener, long step) {
    if (optimizer.layoutChanges() != reportedLayout) {
      reportedLayout = optimizer.layoutChanges();
      listener.onMetrics(step, Map.of(Optimizers.STATE_BYTES_METRIC, (double) optimizer.stateBytes()));
    }
  }
}
