package dev.pedigree.workflows.common;

/** Metric keys that workers log and the platform reads back. */
public final class MetricKeys {
  /**
   * Device seconds the run has spent so far, every attempt's included (work a resume redid too), logged at each step:
   * it never goes down across resumes, so it can be a chart's x axis.
   */
  public static final String DEVICE_SECONDS = "sys/device_seconds";

  private MetricKeys() {}
}
