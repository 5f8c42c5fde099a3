package dev.pedigree.workers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the benchmarks report about the machine and the process, from {@code /proc} (Linux). */
public final class MachineInfo {
  private MachineInfo() {}

  /** The first {@code model name} of /proc/cpuinfo, or "unknown". */
  public static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * {@code OMP_NUM_THREADS=… OPENBLAS_NUM_THREADS=… } for those of the two that are set, to put before a bench command:
   * CPU results are bit-exact only for the same BLAS thread count.
   */
  public static String threadEnvironment() {
    StringBuilder prefix = new StringBuilder();
    for (String name : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"}) {
      String value = System.getenv(name);
      if (value != null) {
        prefix.append(name).append('=').append(value).append(' ');
      }
    }
    return prefix.toString();
  }

  /** The first three fields of /proc/loadavg: other work on a shared machine shows up here. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  /** This process's resident set (VmRSS of /proc/self/status) in KiB. */
  public static long residentKib() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines.filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no VmRSS line in /proc/self/status"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status (Linux only)", e);
    }
  }
}
