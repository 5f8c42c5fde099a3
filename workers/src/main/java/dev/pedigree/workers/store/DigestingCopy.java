package dev.pedigree.workers.store;

import dev.pedigree.workers.engine.data.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Lowercase-hex sha256 of files and streams read in chunks, calling a keep-alive between chunks of long reads. */
final class DigestingCopy {
  private static final int CHUNK = 1 << 20;

  private DigestingCopy() {}

  static String of(Path file, Runnable keepAlive) {
    try (InputStream in = Files.newInputStream(file)) {
      return copy(in, OutputStream.nullOutputStream(), keepAlive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Copies {@code in} to {@code out} and returns the digest of what passed. */
  static String copy(InputStream in, OutputStream out, Runnable keepAlive) throws IOException {
    MessageDigest digest = Sha256.digest();
    byte[] buffer = new byte[CHUNK];
    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
      digest.update(buffer, 0, read);
      out.write(buffer, 0, read);
      keepAlive.run();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static void verify(String uri, String expected, String actual) {
    if (!expected.equalsIgnoreCase(actual)) {
      throw new CorruptArtifactException(uri, expected, actual);
    }
  }
}
