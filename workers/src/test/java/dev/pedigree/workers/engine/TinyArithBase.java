package dev.pedigree.workers.engine;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.ModelSpec;
import dev.pedigree.workflows.spec.OptimizationSpec;
import dev.pedigree.workflows.spec.PretrainSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A tiny G-arith model (2 layers, d=32, context 32) pretrained once per test JVM, as the base of derived kinds. */
public final class TinyArithBase {
  private static Path model;

  private TinyArithBase() {}

  public static synchronized Path model() {
    if (model == null) {
      try {
        Path directory = Files.createTempDirectory("tiny-arith-base");
        PretrainSpec spec = new PretrainSpec(new ModelSpec(2, 32, 4, 32), new DataSpec("g-arith", 4000, 7L),
            new OptimizationSpec(300, 16, 3e-3, 20, 0.1, 1.0, 300, 300, 1L), "cpu");
        model = new Trainer(spec, directory).run(Optional.empty(), new TrainingListener() {}, StopSignal.NEVER).model();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }
}
