package dev.pedigree.workers.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file tensor by tensor. Opening validates the header as the reference implementation does: known
 * dtypes, sizes matching shapes, and offsets that tile the data section without gaps or overlaps.
 */
public final class SafeTensorsReader implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER_BYTES = 100_000_000;

  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, String> metadata;
  private final Map<String, TensorHeader> tensors;

  private SafeTensorsReader(FileChannel channel, long dataStart, Map<String, String> metadata,
      Map<String, TensorHeader> tensors) {
    this.channel = channel;
    this.dataStart = dataStart;
    this.metadata = metadata;
    this.tensors = tensors;
  }

  public static SafeTensorsReader open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, length, 0);
      long headerLength = length.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > channel.size()) {
        throw new IOException(path + ": invalid safetensors header length " + headerLength);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      JsonNode root = JSON.readTree(header.array());
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, TensorHeader> tensors = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("__metadata__")) {
          field.getValue().fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        } else {
          tensors.put(field.getKey(), tensorHeader(field.getKey(), field.getValue()));
        }
      }
      long dataStart = 8 + headerLength;
      checkTiling(path, tensors.values(), channel.size() - dataStart);
      return new SafeTensorsReader(
          channel, dataStart, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** Tensor headers in the file's header order. */
  public Map<String, TensorHeader> tensors() {
    return tensors;
  }

  public TensorHeader tensor(String name) {
    TensorHeader header = tensors.get(name);
    if (header == null) {
      throw new IllegalArgumentException("no tensor named " + name);
    }
    return header;
  }

  /** Reads tensor {@code name} into {@code destination}, whose remaining space must equal its size. */
  public void read(String name, ByteBuffer destination) throws IOException {
    TensorHeader header = tensor(name);
    if (destination.remaining() != header.byteSize()) {
      throw new IllegalArgumentException(
          name + ": " + header.byteSize() + " bytes in the file, " + destination.remaining() + " to fill");
    }
    readFully(channel, destination, dataStart + header.begin());
  }

  public ByteBuffer read(String name) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(tensor(name).byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    read(name, buffer);
    return buffer.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static TensorHeader tensorHeader(String name, JsonNode node) throws IOException {
    DType dtype;
    try {
      dtype = DType.valueOf(node.path("dtype").asText());
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": unsupported dtype " + node.path("dtype"));
    }
    JsonNode shapeNode = node.path("shape");
    long[] shape = new long[shapeNode.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      numel *= shape[i];
    }
    JsonNode offsets = node.path("data_offsets");
    if (offsets.size() != 2) {
      throw new IOException(name + ": data_offsets must hold two numbers");
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (end - begin != numel * dtype.bytes()) {
      throw new IOException(name + ": offsets [" + begin + ", " + end + ") do not match shape and dtype");
    }
    return new TensorHeader(name, dtype, shape, begin, end);
  }

  private static void checkTiling(Path path, Iterable<TensorHeader> headers, long dataLength) throws IOException {
    List<TensorHeader> byOffset = new ArrayList<>();
    headers.forEach(byOffset::add);
    byOffset.sort(Comparator.comparingLong(TensorHeader::begin).thenComparingLong(TensorHeader::end));
    long expected = 0;
    for (TensorHeader header : byOffset) {
      if (header.begin() != expected) {
        throw new IOException(path + ": tensor " + header.name() + " does not start where the previous one ends");
      }
      expected = header.end();
    }
    if (expected != dataLength) {
      throw new IOException(path + ": tensors cover " + expected + " of " + dataLength + " data bytes");
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer destination, long position) throws IOException {
    long at = position;
    while (destination.hasRemaining()) {
      int read = channel.read(destination, at);
      if (read < 0) {
        throw new EOFException("unexpected end of safetensors file");
      }
      at += read;
    }
  }
}
