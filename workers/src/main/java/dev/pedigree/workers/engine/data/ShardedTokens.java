package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.ShardManifest.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A split's packed shards, memory-mapped, read as one token stream. */
final class ShardedTokens implements TokenStream {
  private final MappedByteBuffer[] shards;
  private final long[] starts;
  private final int width;
  private final long length;

  ShardedTokens(Path directory, List<Shard> shardList, String dtype) {
    this.width = ShardManifest.bytesPerToken(dtype);
    this.shards = new MappedByteBuffer[shardList.size()];
    this.starts = new long[shardList.size()];
    long total = 0;
    for (int i = 0; i < shards.length; i++) {
      Shard shard = shardList.get(i);
      Path file = directory.resolve(shard.path());
      try (FileChannel channel = FileChannel.open(file)) {
        shards[i] = channel.map(FileChannel.MapMode.READ_ONLY, 0, shard.tokens() * width);
        shards[i].order(ByteOrder.LITTLE_ENDIAN);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot map " + file, e);
      }
      starts[i] = total;
      total += shard.tokens();
    }
    this.length = total;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public int get(long index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("token " + index + " of " + length);
    }
    int found = Arrays.binarySearch(starts, index);
    int shard = found >= 0 ? found : -found - 2;
    int offset = (int) ((index - starts[shard]) * width);
    return width == 2 ? Short.toUnsignedInt(shards[shard].getShort(offset)) : shards[shard].getInt(offset);
  }
}
