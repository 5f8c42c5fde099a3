package dev.pedigree.workers.engine.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import dev.pedigree.workers.engine.data.Sha256;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the safetensors format: an 8-byte little-endian header length, a JSON header ({@code __metadata__} of
 * strings by key in sorted order, then {@code name: {dtype, shape, data_offsets}} in the given order) padded with
 * spaces to a multiple of 8 bytes, then the tensors' bytes back to back. Sorting the metadata keeps a file's sha256
 * the same whichever worker process writes it: a {@code Map.of} iterates in another order in every JVM.
 */
public final class SafeTensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensorsWriter() {}

  public static FileDigest write(WritableByteChannel channel, Map<String, String> metadata, List<TensorEntry> tensors)
      throws IOException {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("safetensors needs little-endian tensor bytes; this machine is big-endian");
    }
    byte[] header = header(metadata, tensors);
    MessageDigest sha256 = Sha256.digest();
    ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(header.length).put(header).flip();
    long written = writeFully(channel, prefix, sha256);
    for (TensorEntry tensor : tensors) {
      ByteBuffer data = tensor.data().get();
      if (data.remaining() != tensor.byteSize()) {
        throw new IllegalArgumentException(
            tensor.name() + ": expected " + tensor.byteSize() + " bytes, got " + data.remaining());
      }
      written += writeFully(channel, data.duplicate(), sha256);
    }
    return new FileDigest(HexFormat.of().formatHex(sha256.digest()), written);
  }

  static byte[] header(Map<String, String> metadata, List<TensorEntry> tensors) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put("__metadata__", new TreeMap<>(metadata));
    }
    long offset = 0;
    for (TensorEntry tensor : tensors) {
      if (tensor.name().equals("__metadata__") || header.containsKey(tensor.name())) {
        throw new IllegalArgumentException("duplicate or reserved tensor name: " + tensor.name());
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", tensor.dtype().name());
      entry.put("shape", tensor.shape());
      entry.put("data_offsets", new long[] {offset, offset + tensor.byteSize()});
      header.put(tensor.name(), entry);
      offset += tensor.byteSize();
    }
    byte[] json;
    try {
      json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] result = new byte[padded];
    System.arraycopy(json, 0, result, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      result[i] = ' ';
    }
    return result;
  }

  private static long writeFully(WritableByteChannel channel, ByteBuffer buffer, MessageDigest sha256)
      throws IOException {
    long bytes = buffer.remaining();
    sha256.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    return bytes;
  }
}
