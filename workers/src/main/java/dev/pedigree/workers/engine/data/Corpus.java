package dev.pedigree.workers.engine.data;

import dev.pedigree.workflows.spec.DataSpec;
import java.io.ByteArrayOutputStream;

/**
 * A generated corpus as two byte-token streams: every tenth document (indices 9, 19, …) is held out for validation,
 * the rest are concatenated in index order for training.
 */
public record Corpus(byte[] train, byte[] validation) {
  public static final int VALIDATION_EVERY = 10;

  public static Corpus generate(DataSpec data) {
    if (!data.generator().equals("g-text")) {
      throw new IllegalArgumentException("unknown generator: " + data.generator());
    }
    GTextGenerator generator = new GTextGenerator(data.seed());
    ByteArrayOutputStream train = new ByteArrayOutputStream();
    ByteArrayOutputStream validation = new ByteArrayOutputStream();
    for (int index = 0; index < data.documents(); index++) {
      ByteArrayOutputStream split = isValidation(index) ? validation : train;
      split.writeBytes(ByteTokenizer.encode(generator.document(index)));
    }
    return new Corpus(train.toByteArray(), validation.toByteArray());
  }

  public static boolean isValidation(long documentIndex) {
    return documentIndex % VALIDATION_EVERY == VALIDATION_EVERY - 1;
  }
}
