package dev.pedigree.workers.engine.distill;

import dev.pedigree.workers.engine.checkpoint.ModelFiles;
import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workflows.spec.DistillSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Device;

/**
 * A distill run's models on its device: the student to train, the frozen target it learns towards, and the tokenizer
 * they all share. The student may differ from the teachers in size and depth, not in tokenizer, and its context may
 * not be longer than a teacher's.
 */
record DistillModels(Gpt student, DistillTarget target, Tokenizer tokenizer) {

  /** @param files each input role's local model file */
  static DistillModels load(DistillSpec spec, Map<String, Path> files, Device device) {
    Map<String, ModelFiles.LoadedModel> frozen = new LinkedHashMap<>();
    if (spec.method().equals(DistillSpec.ALIGN_DISTIL)) {
      frozen.put(DistillSpec.DPO_ROLE, load(files, DistillSpec.DPO_ROLE, device));
      // The theorem composition mixes the DPO model with a frozen copy of the reference, not a reverse-DPO model.
      String counterpart =
          spec.composition().equals(DistillSpec.THEOREM) ? DistillSpec.REFERENCE_ROLE : DistillSpec.REVERSE_DPO_ROLE;
      frozen.put(counterpart, load(files, counterpart, device));
    } else if (spec.method().equals(DistillSpec.WHP)) {
      frozen.put(DistillSpec.BASE_ROLE, load(files, DistillSpec.BASE_ROLE, device));
      frozen.put(DistillSpec.REINFORCED_ROLE, load(files, DistillSpec.REINFORCED_ROLE, device));
    } else {
      for (int i = 0; i < spec.teachers().size(); i++) {
        frozen.put(DistillSpec.teacherRole(i), load(files, DistillSpec.teacherRole(i), device));
      }
    }
    Map.Entry<String, ModelFiles.LoadedModel> first = frozen.entrySet().iterator().next();
    Tokenizer tokenizer = first.getValue().tokenizer();
    frozen.forEach((role, model) -> requireSameTokenizer(role, model.tokenizer(), first.getKey(), tokenizer));

    // A WHP student starts from its own copy of the base, under role student.
    boolean studentGiven = spec.student() != null || spec.method().equals(DistillSpec.WHP);
    Optional<String> studentRole = studentGiven ? Optional.of(DistillSpec.STUDENT_ROLE)
        : Optional.ofNullable(spec.reference()).map(reference -> DistillSpec.REFERENCE_ROLE);
    Gpt student;
    if (studentRole.isPresent()) {
      ModelFiles.LoadedModel loaded = load(files, studentRole.get(), device);
      requireSameTokenizer(studentRole.get(), loaded.tokenizer(), first.getKey(), tokenizer);
      student = loaded.model();
    } else {
      student = Gpt.initialize(GptConfig.of(spec.model(), tokenizer.vocabSize()), spec.training().seed(), device);
    }
    frozen.forEach((role, model) -> {
      if (model.config().contextLength() < student.config().contextLength()) {
        throw new IllegalArgumentException(role + " reads " + model.config().contextLength()
            + " tokens of context, fewer than the student's " + student.config().contextLength());
      }
    });

    List<Gpt> models = frozen.values().stream().map(ModelFiles.LoadedModel::model).toList();
    DistillTarget target = switch (spec.method()) {
      case DistillSpec.ALIGN_DISTIL -> new DistillTarget.AlignDistil(models.get(0), models.get(1), spec);
      case DistillSpec.WHP -> new DistillTarget.Whp(
          models.get(0), models.get(1), AnchorTerms.of(spec.anchors(), tokenizer), spec);
      default -> new DistillTarget.KnowledgeDistillation(models, spec.normalizedTeacherWeights(), spec);
    };
    return new DistillModels(student, target, tokenizer);
  }

  /** Fails unless {@code tokenizer} is {@code expected}, byte for byte. */
  static void requireSameTokenizer(String role, Tokenizer tokenizer, String expectedRole, Tokenizer expected) {
    if (!tokenizer.sha256().equals(expected.sha256())) {
      throw new IllegalArgumentException(role + " uses another tokenizer (vocabulary " + tokenizer.vocabSize()
          + ", sha256 " + tokenizer.sha256().substring(0, 12) + ") than " + expectedRole + " (vocabulary "
          + expected.vocabSize() + ", sha256 " + expected.sha256().substring(0, 12)
          + "); a student and its teachers must share one tokenizer");
    }
  }

  private static ModelFiles.LoadedModel load(Map<String, Path> files, String role, Device device) {
    Path file = files.get(role);
    if (file == null) {
      throw new IllegalArgumentException("no model file for input " + role + "; inputs given: " + files.keySet());
    }
    return ModelFiles.load(file, device);
  }
}
