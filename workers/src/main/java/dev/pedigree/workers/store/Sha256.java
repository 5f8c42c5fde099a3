package dev.pedigree.workers.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase-hex sha256 of files and streams, calling a keep-alive between chunks of long reads. */
final class Sha256 {
  private static final int CHUNK = 1 << 20;

  private Sha256() {}

  static String of(Path file, Runnable keepAlive) {
    try (InputStream in = Files.newInputStream(file)) {
      return copy(in, OutputStream.nullOutputStream(), keepAlive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Copies {@code in} to {@code out} and returns the digest of what passed. */
  static String copy(InputStream in, OutputStream out, Runnable keepAlive) throws IOException {
    MessageDigest digest = newDigest();
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

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
