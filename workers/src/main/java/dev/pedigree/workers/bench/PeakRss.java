package dev.pedigree.workers.bench;

/** The highest resident set seen while it runs, sampled every few milliseconds on a daemon thread. */
final class PeakRss implements AutoCloseable {
  private static final long EVERY_MILLIS = 10;

  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakKib;

  PeakRss() {
    peakKib = MachineInfo.residentKib();
    sampler = new Thread(() -> {
      while (running) {
        peakKib = Math.max(peakKib, MachineInfo.residentKib());
        try {
          Thread.sleep(EVERY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "peak-rss");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops sampling; the peak in KiB, including a last sample. */
  long peakKib() {
    close();
    return Math.max(peakKib, MachineInfo.residentKib());
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
