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
 * A distill run's models on its device: the student to train, the frozen target it learns towards, and the student's
 * tokenizer, which is the data's. The student may differ from the teachers in size and depth, and its context may not
 * be longer than a teacher's; only with loss {@code alm} may the teachers' tokenizers differ from the student's (each
 * then reads as much of a window's text as its own context holds).
 */
record DistillModels(Gpt student, DistillTarget target, Tokenizer tokenizer) {

  /**
   * @param files each input role's local model file
   * @param dataTokenizer the tokenizer of the data's windows
   */
  static DistillModels load(DistillSpec spec, Map<String, Path> files, Tokenizer dataTokenizer, Device device) {
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
    boolean acrossTokenizers = DistillSpec.ALM.equals(spec.loss());
    Map.Entry<String, ModelFiles.LoadedModel> first = frozen.entrySet().iterator().next();
    Tokenizer tokenizer = acrossTokenizers ? dataTokenizer : first.getValue().tokenizer();
    String tokenizerOwner = acrossTokenizers ? "the data" : first.getKey();
    if (!acrossTokenizers) {
      frozen.forEach((role, model) -> requireSameTokenizer(role, model.tokenizer(), first.getKey(), tokenizer));
      requireSameTokenizer("the data", dataTokenizer, "the teachers", tokenizer);
    }

    Optional<String> studentRole = studentRole(spec);
    Gpt student;
    if (studentRole.isPresent()) {
      ModelFiles.LoadedModel loaded = load(files, studentRole.get(), device);
      requireSameTokenizer(studentRole.get(), loaded.tokenizer(), tokenizerOwner, tokenizer);
      student = loaded.model();
    } else {
      student = Gpt.initialize(GptConfig.of(spec.model(), tokenizer.vocabSize()), spec.training().seed(), device);
    }
    frozen.forEach((role, model) -> {
      if (!acrossTokenizers && model.config().contextLength() < student.config().contextLength()) {
        throw new IllegalArgumentException(role + " reads " + model.config().contextLength()
            + " tokens of context, fewer than the student's " + student.config().contextLength());
      }
    });

    List<Gpt> models = frozen.values().stream().map(ModelFiles.LoadedModel::model).toList();
    DistillTarget target = switch (spec.method()) {
      case DistillSpec.ALIGN_DISTIL -> new DistillTarget.AlignDistil(models.get(0), models.get(1), spec);
      case DistillSpec.WHP -> new DistillTarget.Whp(
          models.get(0), models.get(1), AnchorTerms.of(spec.anchors(), tokenizer), spec);
      default -> acrossTokenizers
          ? new DistillTarget.LikelihoodMatching(models,
              frozen.values().stream().map(ModelFiles.LoadedModel::tokenizer).toList(),
              spec.normalizedTeacherWeights(), tokenizer, spec)
          : new DistillTarget.KnowledgeDistillation(models, spec.normalizedTeacherWeights(), spec);
    };
    return new DistillModels(student, target, tokenizer);
  }

  /** The context the student reads, from its starting model's file or, for a student from scratch, the spec. */
  static int studentContextLength(DistillSpec spec, Map<String, Path> files) {
    return studentRole(spec).map(role -> ModelFiles.header(file(files, role)).config().contextLength())
        .orElseGet(() -> spec.model().contextLength());
  }

  /**
   * The input whose model the student starts from: {@code student} (a WHP student starts from its own copy of the base,
   * under that role), else the {@code reference}; none for a student from scratch.
   */
  private static Optional<String> studentRole(DistillSpec spec) {
    return spec.student() != null || spec.method().equals(DistillSpec.WHP) ? Optional.of(DistillSpec.STUDENT_ROLE)
        : Optional.ofNullable(spec.reference()).map(reference -> DistillSpec.REFERENCE_ROLE);
  }

  /** Fails unless {@code tokenizer} is {@code expected}, byte for byte. */
  private static void requireSameTokenizer(String role, Tokenizer tokenizer, String expectedRole, Tokenizer expected) {
    if (!tokenizer.sha256().equals(expected.sha256())) {
      throw new IllegalArgumentException(role + " uses another tokenizer (vocabulary " + tokenizer.vocabSize()
          + ", sha256 " + tokenizer.sha256().substring(0, 12) + ") than " + expectedRole + " (vocabulary "
          + expected.vocabSize() + ", sha256 " + expected.sha256().substring(0, 12)
          + "); a student and its teachers must share one tokenizer (loss alm distils across tokenizers)");
    }
  }

  private static ModelFiles.LoadedModel load(Map<String, Path> files, String role, Device device) {
    return ModelFiles.load(file(files, role), device);
  }

  private static Path file(Map<String, Path> files, String role) {
    Path file = files.get(role);
    if (file == null) {
      throw new IllegalArgumentException("no model file for input " + role + "; inputs given: " + files.keySet());
    }
    return file;
  }
}
