package dev.pedigree.api;

import dev.pedigree.api.bench.Benchmarks;
import dev.pedigree.api.cli.Cli;
import dev.pedigree.api.cli.Demo;
import dev.pedigree.api.config.Migrate;
import dev.pedigree.workers.WorkerMain;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * The one jar's entry point: {@code up} (the default) starts the platform, {@code demo} starts it and trains the demo,
 * {@code worker} runs a compute worker process (no database, no Spring), {@code migrate} applies the schema and exits
 * (the Helm pre-upgrade hook), {@code submit}, {@code runs}, {@code status}, {@code sweeps}, {@code token},
 * {@code pull}, {@code approve}, {@code reject}, {@code usage}, {@code models}, {@code register}, {@code alias} talk to
 * a running platform, and {@code bench train|soak|ingest} runs a benchmark.
 */
public final class PedigreeMain {
  private PedigreeMain() {}

  /** A negative code means "keep serving": the platform's threads keep the JVM alive until Ctrl-C. */
  private static void exitIfDone(int code) {
    if (code >= 0) {
      System.exit(code);
    }
  }

  public static void main(String[] args) throws Exception {
    String command = args.length > 0 ? args[0] : "up";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "worker" -> WorkerMain.main(rest);
      case "migrate" -> Migrate.main(rest);
      case "demo" -> exitIfDone(Demo.run(rest));
      case "submit", "runs", "status", "sweeps", "token", "pull", "approve", "reject", "usage", "models", "register",
          "alias", "tag", "stage", "predict" ->
          System.exit(Cli.run(command, rest));
      case "bench" -> System.exit(Benchmarks.run(rest));
      case "up" -> SpringApplication.run(PlatformApiApplication.class, rest);
      default -> SpringApplication.run(PlatformApiApplication.class, args);
    }
  }
}
