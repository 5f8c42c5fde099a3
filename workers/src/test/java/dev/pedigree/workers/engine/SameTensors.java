package dev.pedigree.workers.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.workers.engine.checkpoint.SafeTensorsReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Asserts that two safetensors files hold the same tensors, byte for byte. */
public final class SameTensors {
  private SameTensors() {}

  public static void assertSameTensors(Path expected, Path actual) throws IOException {
    try (SafeTensorsReader left = SafeTensorsReader.open(expected);
        SafeTensorsReader right = SafeTensorsReader.open(actual)) {
      assertThat(right.tensors().keySet()).containsExactlyElementsOf(left.tensors().keySet());
      for (String name : left.tensors().keySet()) {
        ByteBuffer leftBytes = left.read(name);
        ByteBuffer rightBytes = right.read(name);
        assertThat(rightBytes.equals(leftBytes)).as("bytes of %s", name).isTrue();
      }
    }
  }
}
