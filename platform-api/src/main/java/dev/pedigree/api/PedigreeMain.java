package dev.pedigree.api;

import dev.pedigree.api.config.Migrate;
import dev.pedigree.workers.WorkerMain;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * The one jar's entry point: {@code worker} runs a compute worker process (no database, no Spring), {@code migrate}
 * applies the schema and exits (the Helm pre-upgrade hook), anything else starts the platform.
 */
public final class PedigreeMain {
  private PedigreeMain() {}

  public static void main(String[] args) throws Exception {
    String command = args.length > 0 ? args[0] : "up";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "worker" -> WorkerMain.main(rest);
      case "migrate" -> Migrate.main(rest);
      default -> SpringApplication.run(PlatformApiApplication.class, args);
    }
  }
}
