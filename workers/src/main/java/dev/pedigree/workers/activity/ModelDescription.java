package dev.pedigree.workers.activity;

import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model artifact's record says about the model: its architecture and its tokenizer's sha256, so the platform
 * can refuse, at submission, a run whose input models cannot work together.
 */
final class ModelDescription {
  private ModelDescription() {}

  static Map<String, Object> of(Path modelFile, long step) {
    ModelFiles.Header header = ModelFiles.header(modelFile);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("step", step);
    description.put("architecture", ModelFiles.architecture(header.config()));
    description.put("tokenizerSha256", header.tokenizer().sha256());
    return description;
  }
}
