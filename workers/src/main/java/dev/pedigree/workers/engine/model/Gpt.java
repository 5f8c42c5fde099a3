package dev.pedigree.workers.engine.model;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.cross_entropy;
import static org.bytedeco.pytorch.global.torch.embedding;
import static org.bytedeco.pytorch.global.torch.gelu;
import static org.bytedeco.pytorch.global.torch.layer_norm;
import static org.bytedeco.pytorch.global.torch.linear;
import static org.bytedeco.pytorch.global.torch.make_generator_cpu;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.scaled_dot_product_attention;

import dev.pedigree.workers.engine.torch.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A GPT written as a function of its named weights: pre-LN blocks with causal scaled-dot-product attention and a GELU
 * MLP (4x), learned positional embeddings or rotary ones, and an LM head tied to {@code wte.weight} or its own
 * {@code lm_head.weight}. No dropout, so a forward pass is a pure function of the weights and the tokens.
 */
public final class Gpt {
  /** The weights with a row per token (and padding rows, {@link GptConfig#embeddingRows()}). */
  public static final Set<String> VOCABULARY_ROWS = Set.of("wte.weight", "lm_head.weight");

  /** A target the loss skips (cross_entropy's {@code ignore_index}): prompt tokens, padding. */
  public static final long IGNORED_TARGET = -100;

  private static final double INIT_STD = 0.02;
  private static final double LAYER_NORM_EPS = 1e-5;

  private final GptConfig config;
  private final Parameters parameters;

  private Gpt(GptConfig config, Parameters parameters) {
    this.config = config;
    this.parameters = parameters;
  }

  /**
   * A model with GPT-2 initialization drawn from a CPU generator seeded with {@code seed} (so the weights do not depend
   * on the device or on other models in this JVM): N(0, 0.02) for matrices and embeddings, scaled by 1/sqrt(2 layers)
   * for the projections into the residual stream; norm gains 1, biases 0.
   */
  public static Gpt initialize(GptConfig config, long seed, Device device) {
    return initialize(config, seed, device, ScalarType.Float);
  }

  /**
   * As {@link #initialize(GptConfig, long, Device)}, computing with {@code weightType} weights (fp32 master weights
   * either way: {@link Parameters}).
   */
  public static Gpt initialize(GptConfig config, long seed, Device device, ScalarType weightType) {
    Parameters parameters = Parameters.allocate(layout(config), device, weightType);
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      GeneratorOptional generator = new GeneratorOptional(make_generator_cpu(seed));
      double residualStd = INIT_STD / Math.sqrt(2.0 * config.layers());
      for (Map.Entry<String, Tensor> entry : parameters.viewsOf(parameters.values()).entrySet()) {
        String name = entry.getKey();
        Tensor target = entry.getValue();
        if (isNormGain(name)) {
          target.fill_(new Scalar(1.0));
        } else if (!name.endsWith(".bias")) {
          double std = name.endsWith("proj.weight") ? residualStd : INIT_STD;
          Tensor draw = randn(parameters.shape(name), generator, Tensors.options(ScalarType.Float, new Device("cpu")));
          target.copy_(draw.mul_(new Scalar(std)));
        }
      }
      parameters.valuesChanged();
    }
    return new Gpt(config, parameters);
  }

  /** A model whose weights are all zero, to be filled from a file. */
  public static Gpt zeros(GptConfig config, Device device) {
    return new Gpt(config, Parameters.allocate(layout(config), device));
  }

  /**
   * Parameter names and shapes in checkpoint order; {@code wpe.weight} only with learned positions, and an untied
   * {@code lm_head.weight} last, so the default architecture's names and order never change.
   */
  public static List<ParameterShape> layout(GptConfig config) {
    long d = config.dModel();
    List<ParameterShape> shapes = new ArrayList<>();
    shapes.add(new ParameterShape("wte.weight", new long[] {config.embeddingRows(), d}, true));
    if (config.positions() == PositionEncoding.LEARNED) {
      shapes.add(new ParameterShape("wpe.weight", new long[] {config.contextLength(), d}, true));
    }
    for (int layer = 0; layer < config.layers(); layer++) {
      String h = "h." + layer + ".";
      addNorm(shapes, h + "ln_1", d);
      addLinear(shapes, h + "attn.qkv", 3 * d, d);
      addLinear(shapes, h + "attn.proj", d, d);
      addNorm(shapes, h + "ln_2", d);
      addLinear(shapes, h + "mlp.fc", 4 * d, d);
      addLinear(shapes, h + "mlp.proj", d, 4 * d);
    }
    addNorm(shapes, "ln_f", d);
    if (!config.tiedHead()) {
      shapes.add(new ParameterShape("lm_head.weight", new long[] {config.embeddingRows(), d}, true));
    }
    return shapes;
  }

  public GptConfig config() {
    return config;
  }

  public Parameters parameters() {
    return parameters;
  }

  /** Mean next-token cross-entropy (nats) of {@code targets} given {@code tokens}, both {@code (batch, time)} int64. */
  public Tensor loss(Tensor tokens, Tensor targets) {
    return loss(config, parameters.byName(), tokens, targets);
  }

  public static Tensor loss(GptConfig config, Map<String, Tensor> weights, Tensor tokens, Tensor targets) {
    Tensor x = hidden(config, weights, tokens, positionsOf(tokens), Gpt::causal);
    Tensor normed = finalNorm(config, weights, x);
    Tensor head = weights.get(config.headWeight());
    Optional<FusedCrossEntropy> fused = FusedCrossEntropy.forTraining(x, config);
    if (fused.isPresent()) {
      return fused.get().loss(normed.reshape(-1, config.dModel()), head, targets.reshape(-1), config.vocabSize());
    }
    // Over every embedding row, so the logits stay aligned and contiguous (a narrowed view would be copied for the
    // softmax); the padding rows' logits are -inf, so the loss and its gradients are the vocabulary's alone. The
    // softmax is taken in fp32, as autocast would, also when the weights are bf16.
    Tensor logits = linear(normed, head, paddingLogits(config, head));
    return cross_entropy(logits.view(-1, config.embeddingRows()).to(ScalarType.Float), targets.reshape(-1));
  }

  /** Next-token logits {@code (batch, time, vocab)} fp32 for {@code tokens} {@code (batch, time)} int64. */
  public static Tensor logits(GptConfig config, Map<String, Tensor> weights, Tensor tokens) {
    Tensor x = hidden(config, weights, tokens, positionsOf(tokens), Gpt::causal);
    return head(config, weights, x);
  }

  private static Tensor positionsOf(Tensor tokens) {
    return arange(new Scalar(tokens.size(1)), Tensors.options(ScalarType.Long, tokens.device()));
  }

  /** A bias of 0 for each token's logit and -inf for each padding row's, or none without padding rows. */
  private static TensorOptional paddingLogits(GptConfig config, Tensor head) {
    int padding = config.embeddingRows() - config.vocabSize();
    if (padding == 0) {
      return new TensorOptional();
    }
    Tensor bias = torch.zeros(new long[] {config.embeddingRows()}, Tensors.options(head.scalar_type(), head.device()));
    bias.narrow(0, config.vocabSize(), padding).fill_(new Scalar(Double.NEGATIVE_INFINITY));
    return new TensorOptional(bias);
  }

  /**
   * Logits {@code (batch, vocab)} for the token after the last of {@code tokens}, recomputing the whole sequence.
   *
   * @param positions {@code (batch, time)} int64: each token's position in its own row (rows may be left-padded)
   * @param attentionMask {@code (batch, 1, time, time)} bool: which keys each query may attend to
   */
  public static Tensor nextTokenLogits(
      GptConfig config, Map<String, Tensor> weights, Tensor tokens, Tensor positions, Tensor attentionMask) {
    Tensor x = hidden(config, weights, tokens, positions, (layer, q, k, v) -> masked(q, k, v, attentionMask));
    return lastPosition(config, weights, x);
  }

  /**
   * As {@link #nextTokenLogits(GptConfig, Map, Tensor, Tensor, Tensor)}, for {@code tokens} that follow the positions
   * already in {@code cache}; their keys and values are appended to it.
   *
   * @param attentionMask {@code (batch, 1, time, cached + time)} bool
   */
  public static Tensor nextTokenLogits(GptConfig config, Map<String, Tensor> weights, Tensor tokens, Tensor positions,
      Tensor attentionMask, KvCache cache) {
    Tensor x = hidden(config, weights, tokens, positions, (layer, q, k, v) -> {
      Tensor[] keysAndValues = cache.append(layer, k, v);
      return masked(q, keysAndValues[0], keysAndValues[1], attentionMask);
    });
    cache.advance(tokens.size(1));
    return lastPosition(config, weights, x);
  }

  /** How one layer's queries attend to keys and values, all {@code (batch, heads, time, headDim)}. */
  @FunctionalInterface
  private interface Attention {
    Tensor attend(int layer, Tensor q, Tensor k, Tensor v);
  }

  private static Tensor causal(int layer, Tensor q, Tensor k, Tensor v) {
    return scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, true, new DoubleOptional(), false);
  }

  private static Tensor masked(Tensor q, Tensor k, Tensor v, Tensor mask) {
    return scaled_dot_product_attention(q, k, v, new TensorOptional(mask), 0.0, false, new DoubleOptional(), false);
  }

  /**
   * A {@code (batch, time, dModel)} slice of the qkv projection as {@code (batch, heads, time, headDim)}: views only,
   * so backward's one copy is split's concatenation of the three gradients (nanoGPT's way), already in the
   * projection's layout. Unbinding a permuted {@code (batch, time, 3, heads, headDim)} view instead stacked them and
   * then made a strided copy into that layout: a GPT-2-small step at batch 48 on an H100 took 113.2 ms that way and
   * 105.6 ms this way (BENCHMARKS.md §6).
   */
  private static Tensor heads(GptConfig config, Tensor slice) {
    return slice.view(slice.size(0), slice.size(1), config.heads(), config.headDim()).transpose(1, 2);
  }

  /** The residual stream {@code (batch, time, dModel)} after the last block, before the final norm. */
  private static Tensor hidden(
      GptConfig config, Map<String, Tensor> weights, Tensor tokens, Tensor positions, Attention attention) {
    long batch = tokens.size(0);
    long time = tokens.size(1);
    long d = config.dModel();
    long[] normShape = {d};
    Tensor x = embedding(weights.get("wte.weight"), tokens);
    Rotary rotary = null;
    if (config.positions() == PositionEncoding.LEARNED) {
      x = x.add(embedding(weights.get("wpe.weight"), positions));
    } else {
      rotary = Rotary.at(positions, config.headDim(), x.scalar_type());
    }
    for (int layer = 0; layer < config.layers(); layer++) {
      String h = "h." + layer + ".";
      Tensor normed = layerNorm(x, weights, h + "ln_1", normShape);
      Tensor qkv = linear(normed, weights.get(h + "attn.qkv.weight"), bias(weights, h + "attn.qkv"));
      TensorVector parts = qkv.split(d, -1);
      Tensor q = heads(config, parts.get(0));
      Tensor k = heads(config, parts.get(1));
      Tensor v = heads(config, parts.get(2));
      if (rotary != null) {
        q = rotary.apply(q);
        k = rotary.apply(k);
      }
      Tensor attended = attention.attend(layer, q, k, v);
      attended = attended.transpose(1, 2).reshape(batch, time, d);
      x = x.add(linear(attended, weights.get(h + "attn.proj.weight"), bias(weights, h + "attn.proj")));
      normed = layerNorm(x, weights, h + "ln_2", normShape);
      Tensor hidden = gelu(linear(normed, weights.get(h + "mlp.fc.weight"), bias(weights, h + "mlp.fc")));
      x = x.add(linear(hidden, weights.get(h + "mlp.proj.weight"), bias(weights, h + "mlp.proj")));
    }
    return x;
  }

  /**
   * Logits of the vocabulary's tokens only (padding rows are no tokens), in fp32 whatever the weights' type: every
   * caller takes a softmax of them or compares them, which autocast would also do in fp32.
   */
  private static Tensor head(GptConfig config, Map<String, Tensor> weights, Tensor x) {
    Tensor logits = linear(finalNorm(config, weights, x), weights.get(config.headWeight()), new TensorOptional());
    Tensor vocabulary =
        config.embeddingRows() == config.vocabSize() ? logits : logits.narrow(-1, 0, config.vocabSize());
    return vocabulary.to(ScalarType.Float);
  }

  private static Tensor finalNorm(GptConfig config, Map<String, Tensor> weights, Tensor x) {
    return layerNorm(x, weights, "ln_f", new long[] {config.dModel()});
  }

  private static Tensor lastPosition(GptConfig config, Map<String, Tensor> weights, Tensor x) {
    return head(config, weights, x.narrow(1, x.size(1) - 1, 1)).squeeze(1);
  }

  private static Tensor layerNorm(Tensor x, Map<String, Tensor> weights, String name, long[] normShape) {
    return layer_norm(
        x, normShape, new TensorOptional(weights.get(name + ".weight")), bias(weights, name), LAYER_NORM_EPS, true);
  }

  private static TensorOptional bias(Map<String, Tensor> weights, String name) {
    return new TensorOptional(weights.get(name + ".bias"));
  }

  private static boolean isNormGain(String name) {
    return name.endsWith(".weight") && (name.startsWith("ln_f.") || name.contains(".ln_"));
  }

  private static void addNorm(List<ParameterShape> shapes, String name, long d) {
    shapes.add(new ParameterShape(name + ".weight", new long[] {d}, false));
    shapes.add(new ParameterShape(name + ".bias", new long[] {d}, false));
  }

  private static void addLinear(List<ParameterShape> shapes, String name, long out, long in) {
    shapes.add(new ParameterShape(name + ".weight", new long[] {out, in}, true));
    shapes.add(new ParameterShape(name + ".bias", new long[] {out}, false));
  }
}
