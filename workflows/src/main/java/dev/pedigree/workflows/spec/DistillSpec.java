package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The spec of a {@code distill} run (METHODS.md §2.3): a student learns on {@code data} towards frozen teachers'
 * next-token distributions. All models share one tokenizer, except with loss {@code alm}; the student may differ from
 * the teachers in size and depth.
 *
 * <p>{@code method} {@code kd}: the teacher distribution is the weighted mixture of the {@code teachers}'
 * distributions at {@code temperature}, and the per-token loss is {@code T²·KL(teacher ‖ student)} ({@code
 * forward-kl}), {@code T²·KL(student ‖ teacher)} ({@code reverse-kl}), or {@code alpha·CE(label) + (1 − alpha)·T²·KL(teacher
 * ‖ student)} ({@code mixed}).
 *
 * <p>{@code kd} with loss {@code alm} (approximate likelihood matching) distils across tokenizers: the student's
 * tokenizer is the data's and each teacher may have its own. Per window, each teacher reads its own tokenization of the
 * window's bytes; chunks are the spans between byte offsets where both tokenizations have a token boundary, and the
 * loss is the binarised f-divergence between the teacher's and the student's chunk likelihoods, each raised to the power
 * {@code 1/chunkTemperature} (the binary cross-entropy less the teacher's binary entropy, so 0 at a match), averaged
 * over chunks and weighted over teachers, plus {@code ntpWeight} times the student's next-token cross-entropy.
 *
 * <p>{@code method} {@code aligndistil}: the teacher's logits z* are composed per token from a DPO model and, by
 * {@code composition}, a reverse-DPO model or the reference, and the loss is {@code w·KL(π_student ‖ softmax(z* / T))}
 * with a weight w that is β over the composition's extrapolation weight, as in the reference code:
 * <ul>
 *   <li>{@code adaptive} (default): {@code λ_t = beta2·TV(π_dpo, π_rdpo)_t + 1e-3}, {@code z*_t = z_dpo + λ_t·(z_dpo −
 *       z_rdpo)}, {@code w = beta/λ_t};
 *   <li>{@code contrastive}: the same with a fixed {@code lambda}: {@code z* = z_dpo + lambda·(z_dpo − z_rdpo)},
 *       {@code w = beta/lambda};
 *   <li>{@code theorem}: the RLHF optimum for the DPO reward {@code beta·log(π_dpo/π_ref)} under a KL penalty
 *       {@code beta2}, {@code z* = (beta/beta2)·z_dpo + (1 − beta/beta2)·z_ref}, {@code w = beta2} (= β over the
 *       weight beta/beta2); no reverse-DPO model.
 * </ul>
 *
 * <p>{@code method} {@code whp} ("Who's Harry Potter", Eldan &amp; Russinovich 2023): unlearning of {@code data}, the
 * forget texts. The student starts from {@code base}; per token the generic logits are {@code v_generic = v_base −
 * genericAlpha·ReLU(v_reinforced − v_base)}, with {@code v_reinforced} from {@code reinforced} (the base trained further
 * on the forget texts) and {@code v_base} from the base reading the text with each {@code anchors} term replaced by its
 * generic translation. {@code labels} {@code argmax} (default, the paper's): cross-entropy against the generic logits'
 * argmax; {@code soft}: {@code T²·KL(softmax(v_generic / T) ‖ student)}.
 *
 * <p>{@code onPolicy}: the loss is taken on completions the student samples each step (see {@link OnPolicySpec})
 * instead of on {@code data} windows; {@code data} still gives the prompts' generator and the evaluation set.
 *
 * @param teachers model artifact ids of the {@code kd} teachers
 * @param teacherWeights each teacher's share of the mixture, normalized; equal when omitted
 * @param student the model artifact the student starts from; omitted for a student trained from scratch
 * @param model the shape of a student trained from scratch; the vocabulary is the teachers'
 * @param reference for {@code aligndistil}, the model both DPO models were trained from; the student starts from it
 *     when {@code student} is omitted; part of the teacher for composition {@code theorem}
 * @param beta2 {@code adaptive}: the scale of λ_t; {@code theorem}: the KL penalty the teacher is the optimum for
 * @param composition for {@code aligndistil}: {@code adaptive}, {@code contrastive} or {@code theorem}
 * @param lambda the fixed extrapolation weight of composition {@code contrastive}
 * @param onPolicy present to distil on the student's own samples instead of {@code data} windows
 * @param ntpWeight for loss {@code alm}, the weight of the student's next-token cross-entropy; 0 (pure distillation, as
 *     tokenkit's configurations run ALM) when omitted
 * @param chunkTemperature for loss {@code alm}, the τ chunk likelihoods are tempered with ({@code p^(1/τ)}); 100, as
 *     tokenkit's {@code bce_temp}, when omitted
 * @param base for {@code whp}, the model to unlearn from: the student starts from it, and it gives {@code v_base}
 * @param reinforced for {@code whp}, the base trained further on the forget texts; it gives {@code v_reinforced}
 * @param genericAlpha for {@code whp}, the α of the generic logits (default 1)
 * @param anchors for {@code whp}, idiosyncratic terms of the forget texts (entity names) and the generic terms the base
 *     reads instead; each pair must encode to the same number of tokens, so positions stay aligned
 * @param labels for {@code whp}: {@code argmax} (default) or {@code soft}
 */
public record DistillSpec(
    String method,
    List<String> teachers,
    List<Double> teacherWeights,
    String dpo,
    String reverseDpo,
    String reference,
    String student,
    ModelSpec model,
    String loss,
    Double alpha,
    Double temperature,
    Double beta,
    Double beta2,
    String composition,
    Double lambda,
    DataSpec data,
    OnPolicySpec onPolicy,
    OptimizationSpec training,
    String device,
    Double ntpWeight,
    Double chunkTemperature,
    String base,
    String reinforced,
    Double genericAlpha,
    Map<String, String> anchors,
    String labels)
    implements RunSpec {
  public static final String KD = "kd";
  public static final String ALIGN_DISTIL = "aligndistil";
  public static final String WHP = "whp";
  public static final Set<String> METHODS = Set.of(KD, ALIGN_DISTIL, WHP);
  public static final String FORWARD_KL = "forward-kl";
  public static final String REVERSE_KL = "reverse-kl";
  public static final String MIXED = "mixed";
  public static final String ALM = "alm";
  public static final Set<String> LOSSES = Set.of(FORWARD_KL, REVERSE_KL, MIXED, ALM);
  public static final double DEFAULT_CHUNK_TEMPERATURE = 100.0;
  public static final String ADAPTIVE = "adaptive";
  public static final String CONTRASTIVE = "contrastive";
  public static final String THEOREM = "theorem";
  public static final Set<String> COMPOSITIONS = Set.of(ADAPTIVE, CONTRASTIVE, THEOREM);
  public static final int MAX_TEACHERS = 16;
  public static final String DPO_ROLE = "dpo";
  public static final String REVERSE_DPO_ROLE = "reverse-dpo";
  public static final String REFERENCE_ROLE = "reference";
  public static final String STUDENT_ROLE = "student";
  public static final String BASE_ROLE = "base";
  public static final String REINFORCED_ROLE = "reinforced";
  public static final String ARGMAX_LABELS = "argmax";
  public static final String SOFT_LABELS = "soft";
  public static final Set<String> LABELS = Set.of(ARGMAX_LABELS, SOFT_LABELS);
  public static final int MAX_ANCHORS = 10_000;

  /** A spec without the fields of loss {@code alm} and method {@code whp}. */
  public DistillSpec(String method, List<String> teachers, List<Double> teacherWeights, String dpo, String reverseDpo,
      String reference, String student, ModelSpec model, String loss, Double alpha, Double temperature, Double beta,
      Double beta2, String composition, Double lambda, DataSpec data, OnPolicySpec onPolicy,
      OptimizationSpec training, String device) {
    this(method, teachers, teacherWeights, dpo, reverseDpo, reference, student, model, loss, alpha, temperature, beta,
        beta2, composition, lambda, data, onPolicy, training, device, null, null, null, null, null, null, null);
  }

  public DistillSpec {
    method = method == null ? KD : method;
    teachers = teachers == null ? List.of() : List.copyOf(teachers);
    loss = loss == null ? (ALIGN_DISTIL.equals(method) ? REVERSE_KL : FORWARD_KL) : loss;
    alpha = alpha == null && MIXED.equals(loss) ? Double.valueOf(0.5) : alpha;
    temperature = temperature == null ? 1.0 : temperature;
    if (ALIGN_DISTIL.equals(method)) {
      composition = composition == null ? ADAPTIVE : composition;
      beta = beta == null ? 0.1 : beta;
      beta2 = beta2 == null && !CONTRASTIVE.equals(composition) ? Double.valueOf(1.0) : beta2;
    }
    if (WHP.equals(method)) {
      genericAlpha = genericAlpha == null ? 1.0 : genericAlpha;
      labels = labels == null ? ARGMAX_LABELS : labels;
    }
    // Kept in the given order, null translations included, so validation can name them.
    anchors = anchors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(anchors));
    model = model == null && student == null && reference == null && !WHP.equals(method) ? ModelSpec.defaults() : model;
    data = data == null ? DataSpec.defaults() : data;
    training = training == null ? OptimizationSpec.defaults() : training;
    device = device == null ? "cpu" : device;
    if (ALM.equals(loss)) {
      ntpWeight = ntpWeight == null ? 0.0 : ntpWeight;
      chunkTemperature = chunkTemperature == null ? DEFAULT_CHUNK_TEMPERATURE : chunkTemperature;
    }
  }

  @Override
  public List<SpecError> validate(String at) {
    SpecChecks checks = new SpecChecks();
    checks.oneOf(at + ".method", method, METHODS);
    checks.oneOf(at + ".loss", loss, LOSSES);
    checks.range(at + ".temperature", temperature, 0.05, 100.0);
    if (MIXED.equals(loss)) {
      checks.range(at + ".alpha", alpha, 0.0, 1.0);
    } else {
      checks.require(alpha == null, at + ".alpha", "applies to loss " + MIXED + " only");
    }
    checkAlm(checks, at);
    if (ALIGN_DISTIL.equals(method)) {
      checkAlignDistil(checks, at);
    } else if (WHP.equals(method)) {
      checkWhp(checks, at);
    } else {
      checkKd(checks, at);
    }
    checkArtifact(checks, at + ".student", student);
    if (model != null) {
      checks.require(student == null && reference == null, at + ".model",
          "applies to a student trained from scratch; omit it when student or reference is given");
      model.check(checks, at + ".model");
    }
    data.check(checks, at + ".data");
    if (onPolicy != null) {
      checkOnPolicy(checks, at);
    }
    training.check(checks, at + ".training");
    checks.device(at + ".device", device);
    if (!WHP.equals(method)) {
      Map<String, Object> whpFields = new LinkedHashMap<>();
      whpFields.put("base", base);
      whpFields.put("reinforced", reinforced);
      whpFields.put("genericAlpha", genericAlpha);
      whpFields.put("anchors", anchors.isEmpty() ? null : anchors);
      whpFields.put("labels", labels);
      whpFields.forEach((field, value) ->
          checks.require(value == null, at + "." + field, "applies to method " + WHP + " only"));
    }
    return checks.errors();
  }

  private void checkAlm(SpecChecks checks, String at) {
    if (ALM.equals(loss)) {
      checks.require(temperature == 1.0, at + ".temperature",
          "applies to the softmax losses; loss " + ALM + " tempers chunk likelihoods with chunkTemperature");
      checks.range(at + ".ntpWeight", ntpWeight, 0.0, 1e3);
      checks.range(at + ".chunkTemperature", chunkTemperature, 1e-2, 1e4);
    } else {
      checks.require(ntpWeight == null, at + ".ntpWeight", "applies to loss " + ALM + " only");
      checks.require(chunkTemperature == null, at + ".chunkTemperature", "applies to loss " + ALM + " only");
    }
  }

  private void checkWhp(SpecChecks checks, String at) {
    checks.require(teachers.isEmpty(), at + ".teachers", "must be omitted for " + WHP + " (give base and reinforced)");
    checks.require(teacherWeights == null, at + ".teacherWeights", "must be omitted for " + WHP);
    checks.require(student == null, at + ".student", "must be omitted for " + WHP + " (the student starts from base)");
    checks.require(model == null, at + ".model", "must be omitted for " + WHP + " (the student starts from base)");
    checks.require(onPolicy == null, at + ".onPolicy", "must be omitted for " + WHP + " (it learns on the forget texts)");
    checks.require(FORWARD_KL.equals(loss), at + ".loss",
        WHP + " sets its loss with labels (soft labels distil with " + FORWARD_KL + ")");
    checks.require(base != null, at + ".base", "is required for " + WHP);
    checks.require(reinforced != null, at + ".reinforced", "is required for " + WHP);
    checkArtifact(checks, at + ".base", base);
    checkArtifact(checks, at + ".reinforced", reinforced);
    checks.require(base == null || !base.equals(reinforced), at + ".reinforced", "must differ from base");
    checks.range(at + ".genericAlpha", genericAlpha, 0.0, 1e3);
    checks.oneOf(at + ".labels", labels, LABELS);
    checks.require(anchors.size() <= MAX_ANCHORS, at + ".anchors", "must hold at most " + MAX_ANCHORS + " terms");
    anchors.forEach((term, generic) -> {
      String field = at + ".anchors['" + term + "']";
      checks.require(!term.isBlank(), field, "must be a non-blank term");
      checks.require(generic != null && !generic.isBlank() && !generic.equals(term), field,
          "must be a non-blank generic term other than the term itself");
    });
  }

  private void checkKd(SpecChecks checks, String at) {
    checks.range(at + ".teachers", teachers.size(), 1, MAX_TEACHERS);
    for (int i = 0; i < teachers.size(); i++) {
      checkArtifact(checks, at + ".teachers[" + i + "]", teachers.get(i));
    }
    if (teacherWeights != null) {
      checks.require(teacherWeights.size() == teachers.size(), at + ".teacherWeights",
          "must give one weight per teacher (" + teachers.size() + ")");
      for (int i = 0; i < teacherWeights.size(); i++) {
        Double weight = teacherWeights.get(i);
        checks.require(weight != null && weight > 0 && weight <= 1e6, at + ".teacherWeights[" + i + "]",
            "must be a positive number");
      }
    }
    Map<String, Object> alignDistilFields = new LinkedHashMap<>();
    alignDistilFields.put("dpo", dpo);
    alignDistilFields.put("reverseDpo", reverseDpo);
    alignDistilFields.put("reference", reference);
    alignDistilFields.put("beta", beta);
    alignDistilFields.put("beta2", beta2);
    alignDistilFields.put("composition", composition);
    alignDistilFields.put("lambda", lambda);
    alignDistilFields.forEach((field, value) ->
        checks.require(value == null, at + "." + field, "applies to method " + ALIGN_DISTIL + " only"));
  }

  private void checkAlignDistil(SpecChecks checks, String at) {
    checks.require(
        teachers.isEmpty(), at + ".teachers", "must be omitted for " + ALIGN_DISTIL + " (give dpo and reverseDpo)");
    checks.require(teacherWeights == null, at + ".teacherWeights", "must be omitted for " + ALIGN_DISTIL);
    checks.require(REVERSE_KL.equals(loss), at + ".loss", ALIGN_DISTIL + " distils with " + REVERSE_KL);
    checks.require(dpo != null, at + ".dpo", "is required for " + ALIGN_DISTIL);
    checkArtifact(checks, at + ".dpo", dpo);
    checkArtifact(checks, at + ".reverseDpo", reverseDpo);
    checkArtifact(checks, at + ".reference", reference);
    checks.range(at + ".beta", beta, 1e-6, 1e3);
    checks.oneOf(at + ".composition", composition, COMPOSITIONS);
    if (!COMPOSITIONS.contains(composition)) {
      return;
    }
    if (THEOREM.equals(composition)) {
      checks.require(reverseDpo == null, at + ".reverseDpo",
          "must be omitted for composition " + THEOREM + " (it mixes dpo with reference)");
      checks.require(reference != null, at + ".reference",
          "is required for composition " + THEOREM + " (its logits are part of the teacher)");
    } else {
      checks.require(reverseDpo != null, at + ".reverseDpo", "is required for composition " + composition);
    }
    if (CONTRASTIVE.equals(composition)) {
      checks.require(beta2 == null, at + ".beta2", "applies to compositions " + ADAPTIVE + " and " + THEOREM);
      checks.require(lambda != null, at + ".lambda", "is required for composition " + CONTRASTIVE);
      if (lambda != null) {
        checks.range(at + ".lambda", lambda, 1e-6, 1e3);
      }
    } else {
      checks.require(lambda == null, at + ".lambda", "applies to composition " + CONTRASTIVE + " only");
      checks.range(at + ".beta2", beta2, THEOREM.equals(composition) ? 1e-6 : 0.0, 1e3);
    }
  }

  private void checkOnPolicy(SpecChecks checks, String at) {
    onPolicy.check(checks, at + ".onPolicy");
    checks.require(data.generator() != null, at + ".onPolicy",
        "takes its prompts from data.generator; give a generator instead of files or domains");
    checks.require(!MIXED.equals(loss), at + ".onPolicy",
        "cannot be combined with loss " + MIXED + " (its hard labels would be the student's own samples)");
    checks.require(!ALM.equals(loss), at + ".onPolicy",
        "cannot be combined with loss " + ALM + ", which aligns chunks of data windows");
  }

  private static void checkArtifact(SpecChecks checks, String field, String id) {
    if (id != null) {
      boolean uuid;
      try {
        uuid = UUID.fromString(id).toString().equalsIgnoreCase(id);
      } catch (IllegalArgumentException e) {
        uuid = false;
      }
      checks.require(uuid, field, "must be a model artifact id (a UUID), was '" + id + "'");
    }
  }

  /** This spec distilling on the student's own samples as {@code onPolicy} says (off-policy when null). */
  public DistillSpec withOnPolicy(OnPolicySpec onPolicy) {
    return new DistillSpec(method, teachers, teacherWeights, dpo, reverseDpo, reference, student, model, loss, alpha,
        temperature, beta, beta2, composition, lambda, data, onPolicy, training, device, ntpWeight, chunkTemperature,
        base, reinforced, genericAlpha, anchors, labels);
  }

  /** The teachers' mixture weights, summing to 1. */
  public List<Double> normalizedTeacherWeights() {
    List<Double> weights = teacherWeights != null ? teacherWeights : teachers.stream().map(teacher -> 1.0).toList();
    double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
    return weights.stream().map(weight -> weight / sum).toList();
  }

  @Override
  public long totalSteps() {
    return training.steps();
  }

  /**
   * Roles: {@code teacher.<i>}, {@code dpo}, {@code reverse-dpo}, {@code reference}, {@code base}, {@code reinforced}
   * and {@code student}; the student's starting point becomes a {@code distilled_into} edge ({@code finetuned_from} the
   * base for {@code whp}). With loss {@code alm} the models' tokenizers may differ.
   */
  @Override
  public InputCompatibility inputCompatibility() {
    return ALM.equals(loss) ? InputCompatibility.NONE : InputCompatibility.TOKENIZER;
  }

  @Override
  public List<ModelInput> modelInputs(String at) {
    List<ModelInput> inputs = new ArrayList<>();
    List<Double> weights = normalizedTeacherWeights();
    for (int i = 0; i < teachers.size(); i++) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("loss", loss);
      params.put("weight", weights.get(i));
      markOnPolicy(params);
      inputs.add(new ModelInput(teacherRole(i), teachers.get(i), "teacher", params, at + ".teachers[" + i + "]"));
    }
    if (dpo != null) {
      inputs.add(new ModelInput(DPO_ROLE, dpo, "teacher", compositionParams("dpo"), at + ".dpo"));
    }
    if (reverseDpo != null) {
      inputs.add(new ModelInput(
          REVERSE_DPO_ROLE, reverseDpo, "teacher", compositionParams("reverse-dpo"), at + ".reverseDpo"));
    }
    if (reference != null) {
      // Without a student the student starts from the reference, and lineage should say so.
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("role", "reference");
      params.put("studentInit", student == null);
      if (THEOREM.equals(composition)) {
        params.put("composition", THEOREM);
      }
      inputs.add(new ModelInput(REFERENCE_ROLE, reference, "reference", params, at + ".reference"));
    }
    if (WHP.equals(method)) {
      addWhpInputs(inputs, at);
    }
    if (student != null) {
      inputs.add(new ModelInput(
          STUDENT_ROLE, student, "distilled_into", Map.of("role", "student-init"), at + ".student"));
    }
    return inputs;
  }

  /**
   * WHP's teachers {@code base} and {@code reinforced}, and the base once more as the student's start ({@code
   * finetuned_from}, role {@code student}), loaded apart from the frozen copy.
   */
  private void addWhpInputs(List<ModelInput> inputs, String at) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("genericAlpha", genericAlpha);
    params.put("labels", labels);
    params.put("anchors", anchors.size());
    if (base != null) {
      Map<String, Object> baseParams = new LinkedHashMap<>(params);
      baseParams.put("role", BASE_ROLE);
      inputs.add(new ModelInput(BASE_ROLE, base, "teacher", baseParams, at + ".base"));
      inputs.add(new ModelInput(STUDENT_ROLE, base, "finetuned_from", Map.of("role", "student-init"), at + ".base"));
    }
    if (reinforced != null) {
      Map<String, Object> reinforcedParams = new LinkedHashMap<>(params);
      reinforcedParams.put("role", REINFORCED_ROLE);
      inputs.add(new ModelInput(REINFORCED_ROLE, reinforced, "teacher", reinforcedParams, at + ".reinforced"));
    }
  }

  /** An AlignDistil teacher edge's params: its role, how the teacher is composed, and {@code onPolicy} when it is. */
  private Map<String, Object> compositionParams(String role) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("role", role);
    params.put("composition", composition);
    if (lambda != null) {
      params.put("lambda", lambda);
    }
    markOnPolicy(params);
    return params;
  }

  private void markOnPolicy(Map<String, Object> params) {
    if (onPolicy != null) {
      params.put("onPolicy", true);
    }
  }

  public static String teacherRole(int index) {
    return "teacher." + index;
  }
}
