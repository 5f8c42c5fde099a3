package dev.pedigree.workers.engine.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first JVM to load libtorch from an empty JavaCPP cache used to die with SIGSEGV (DESIGN.md §9). A child JVM with
 * a fresh cache directory must initialize torch through {@link TorchRuntime} and compute a matmul.
 */
class TorchRuntimeFirstLoadTest {
  @Test
  void loadsTorchFromAnEmptyCache() throws IOException, InterruptedException {
    // Not @TempDir: the cache holds links to system CUDA libraries, which JUnit warns about when cleaning up.
    Path cache = Files.createTempDirectory("javacpp-cache");
    try {
      runChildJvm(cache);
    } finally {
      deleteTree(cache);
    }
  }

  private static void runChildJvm(Path cache) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        java.toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.bytedeco.javacpp.cachedir=" + cache,
        "-D" + TorchRuntime.THREADS_PROPERTY + "=1",
        FirstLoadMain.class.getName()))
        .redirectErrorStream(true);
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("matmul=19.0,22.0,43.0,50.0").contains("threads=1");
    assertThat(cache).isNotEmptyDirectory();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
