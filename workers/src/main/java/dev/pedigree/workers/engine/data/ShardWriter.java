package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.ShardManifest.Shard;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Appends token ids little-endian to {@code <split>/shard-00000.bin}, {@code shard-00001.bin}, … of a set size. */
final class ShardWriter implements AutoCloseable {
  private final Path directory;
  private final String split;
  private final int width;
  private final long tokensPerShard;
  private final List<Shard> shards = new ArrayList<>();
  private final byte[] scratch = new byte[4];
  private OutputStream out;
  private MessageDigest digest;
  private String path;
  private long tokens;

  ShardWriter(Path directory, String split, String dtype, long tokensPerShard) {
    this.directory = directory;
    this.split = split;
    this.width = ShardManifest.bytesPerToken(dtype);
    this.tokensPerShard = tokensPerShard;
  }

  void append(int[] ids) {
    try {
      for (int id : ids) {
        if (out == null || tokens == tokensPerShard) {
          finishShard();
          startShard();
        }
        for (int i = 0; i < width; i++) {
          scratch[i] = (byte) (id >>> (8 * i));
        }
        out.write(scratch, 0, width);
        digest.update(scratch, 0, width);
        tokens++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The shards written, in order. */
  List<Shard> shards() {
    return List.copyOf(shards);
  }

  @Override
  public void close() {
    try {
      finishShard();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private void startShard() throws IOException {
    path = split + "/shard-%05d.bin".formatted(shards.size());
    Path file = directory.resolve(path);
    Files.createDirectories(file.getParent());
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    digest = Sha256.digest();
    tokens = 0;
  }

  private void finishShard() throws IOException {
    if (out != null) {
      out.close();
      out = null;
      shards.add(new Shard(path, tokens, HexFormat.of().formatHex(digest.digest())));
    }
  }
}
