package dev.pedigree.workers.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Documents of local files, in file order: each non-blank line of a {@code .txt} file, or the {@code text} field of
 * each non-blank line of a {@code .jsonl} file. Every document ends with a newline, so documents stay apart once
 * packed into one token stream.
 */
final class FileDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FileDocuments() {}

  static void forEach(List<Path> files, Consumer<String> document) {
    for (Path file : files) {
      boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNumber++;
          if (!line.isBlank()) {
            String text = jsonl ? text(line, file, lineNumber) : line;
            document.accept(text.endsWith("\n") ? text : text + "\n");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  private static String text(String line, Path file, int lineNumber) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ":" + lineNumber + ": not JSON", e);
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException(file + ":" + lineNumber + ": needs a string field \"text\"");
    }
    return text.asText();
  }
}
