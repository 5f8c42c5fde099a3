package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the docs/results reports share: their opening, and being written over the previous file's Discussion. */
final class ResultsFile {
  static final String DISCUSSION = "## Discussion";

  private ResultsFile() {}

  /**
   * The title, the command that produced the report, the machine, the bench's minutes and what its spreads are over.
   *
   * @param seedNote what follows "over N seeds" in that sentence, e.g. {@code " (each seed its own model)"}
   */
  static String opening(String title, String bench, String[] args, double minutes, int seeds, String seedNote) {
    return "# " + title + "\n\n"
        + "Produced by:\n\n```\n" + MachineInfo.threadEnvironment() + "./pedigree bench " + bench
        + (args.length == 0 ? "" : " " + String.join(" ", args)) + "\n```\n\n"
        + String.format(Locale.ROOT,
            "Machine: %d CPUs (%s), libtorch intra-op threads %d; the whole bench (pretraining included unless "
                + "cached) took %.1f minutes. Numbers are mean ± sample standard deviation over %d seeds%s.%n%n",
            Runtime.getRuntime().availableProcessors(), MachineInfo.cpuModel(), TorchRuntime.threads(), minutes, seeds,
            seedNote)
        + "Everything above the Discussion section is written by the benchmark; a rerun replaces it.\n\n";
  }

  /** Writes {@code report} to {@code output} followed by the previous file's hand-written Discussion. */
  static void write(Path output, String report) throws IOException {
    String previous = Files.exists(output) ? Files.readString(output) : "";
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, merged(report, previous));
  }

  /** The new report, followed by the hand-written discussion of the previous one if it had one. */
  static String merged(String report, String previous) {
    int discussion = previous.indexOf("\n" + DISCUSSION + "\n");
    return discussion < 0 ? report : report + previous.substring(discussion + 1);
  }
}
