package dev.pedigree.workers.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsFormatTest {
  @TempDir Path directory;

  private static final String EXPECTED_JSON =
      "{\"__metadata__\":{\"note\":\"a \\\"quoted\\\" value\",\"step\":\"7\"},"
          + "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
          + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[24,32]}}";

  @Test
  void writesTheExactLayout() throws IOException {
    Path file = write();
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    long headerLength = buffer.getLong(0);
    assertThat(headerLength % 8).isZero();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(header.stripTrailing()).isEqualTo(EXPECTED_JSON);
    assertThat(header.length() - EXPECTED_JSON.length()).isBetween(0, 7);
    assertThat(header.substring(EXPECTED_JSON.length())).matches(" *");

    int data = 8 + (int) headerLength;
    assertThat(bytes).hasSize(data + 32);
    for (int i = 0; i < 6; i++) {
      assertThat(buffer.getFloat(data + 4 * i)).isEqualTo(i + 0.5f);
    }
    assertThat(buffer.getLong(data + 24)).isEqualTo(-3L);
  }

  @Test
  void readsBackWhatItWrote() throws IOException {
    Path file = write();
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      assertThat(reader.metadata()).containsExactly(Map.entry("note", "a \"quoted\" value"), Map.entry("step", "7"));
      assertThat(reader.tensors().keySet()).containsExactly("a.weight", "b");
      TensorHeader weight = reader.tensor("a.weight");
      assertThat(weight.dtype()).isEqualTo(DType.F32);
      assertThat(weight.shape()).containsExactly(2, 3);
      assertThat(reader.read("a.weight").order(ByteOrder.LITTLE_ENDIAN).getFloat(20)).isEqualTo(5.5f);
      assertThat(reader.read("b").order(ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(-3L);
    }
  }

  @Test
  void theBytesDoNotDependOnTheOrderTheMetadataMapIteratesIn() throws IOException {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("note", metadata().get("note"));
    reversed.put("step", metadata().get("step"));
    Path file = directory.resolve("reversed.safetensors");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SafeTensorsWriter.write(channel, reversed, tensors());
    }

    assertThat(file).hasSameBinaryContentAs(write());
  }

  @Test
  void reportsTheSha256AndSizeOfTheFile() throws IOException {
    Path file = directory.resolve("digest.safetensors");
    FileDigest digest;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      digest = SafeTensorsWriter.write(channel, metadata(), tensors());
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(digest.bytes()).isEqualTo(bytes.length);
    assertThat(digest.sha256()).isEqualTo(sha256(bytes));
  }

  @Test
  void rejectsOffsetsThatLeaveAGap() throws IOException {
    String json = "{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer file = ByteBuffer.allocate(8 + header.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(header.length).put(header).put(new byte[3]);
    Path path = directory.resolve("gap.safetensors");
    Files.write(path, file.array());

    assertThatThrownBy(() -> SafeTensorsReader.open(path)).isInstanceOf(IOException.class).hasMessageContaining("x");
  }

  private Path write() throws IOException {
    Path file = directory.resolve("t.safetensors");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SafeTensorsWriter.write(channel, metadata(), tensors());
    }
    return file;
  }

  private static Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("step", "7");
    metadata.put("note", "a \"quoted\" value");
    return metadata;
  }

  private static List<TensorEntry> tensors() {
    ByteBuffer floats = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      floats.putFloat(i + 0.5f);
    }
    ByteBuffer longs = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-3L);
    return List.of(
        new TensorEntry("a.weight", DType.F32, new long[] {2, 3}, floats::flip),
        new TensorEntry("b", DType.I64, new long[] {1}, longs::flip));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
