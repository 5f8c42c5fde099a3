package dev.pedigree.workers.engine.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Safetensors files that appear whole or not at all: written to a temporary name, synced, renamed into place. */
public final class SafeTensorsFiles {
  private SafeTensorsFiles() {}

  public static FileDigest writeAtomically(Path target, Map<String, String> metadata, List<TensorEntry> tensors) {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(directory);
      FileDigest digest;
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        digest = SafeTensorsWriter.write(channel, metadata, tensors);
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(directory);
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target, e);
    }
  }

  /** Makes the rename durable; a file system that cannot open directories (Windows) has nothing to sync. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not all platforms can open a directory; the rename itself is still atomic there.
    }
  }
}
