package dev.pedigree.workers.engine.optim;

import static org.bytedeco.pytorch.global.torch.zeros;
import static org.bytedeco.pytorch.global.torch.zeros_like;

import dev.pedigree.workers.engine.model.Parameters;
import dev.pedigree.workers.engine.torch.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * FRUGAL (Zmushko et al., 2024) with blockwise (BAdam-style) subspaces: full-rank updates from a split of the
 * parameters. AdamW, with libtorch's fused kernel exactly as {@link AdamW} applies it, updates the embeddings, the LM
 * head, norms and biases always, and the block matrices ({@code h.<layer>.…} 2-D weights) that the current selection
 * holds; the other block matrices take state-free signSGD with decoupled weight decay,
 * {@code p ← p − lr·s·(sign(g) + wd·p)}, with {@code s} the {@code stateFreeLrScale}.
 *
 * <p>Every {@code reselectEvery} steps the selection is drawn anew: block matrices in a random order, seeded by the
 * run's seed and the reselection's number (so a resumed run draws the same ones), each taken while it brings the
 * covered elements closer to {@code density} of all block-matrix elements. Random rather than BAdam's cyclic order, so
 * no matrix waits a fixed number of rounds and the order does not follow depth. Newly selected matrices start from
 * zero moments and their own step count (the paper's state reset); matrices that stay keep theirs; dropped ones lose
 * theirs. Moments are per-tensor buffers allocated for exactly what is selected, so state shrinks to about
 * {@code density} of AdamW's on the block matrices.
 */
public final class Frugal implements Optimizer {
  public static final String NAME = "frugal";
  public static final String SIGN_SGD_NAME = "signsgd";
  /** The checkpoint metadata key listing the parameters with moments, each with its own step count. */
  static final String MOMENTS_KEY = "optimizer.moments";
  private static final String BLOCK_PREFIX = "h.";

  /**
   * @param density the share of the block matrices' elements that AdamW updates, in [0, 1]
   * @param reselectEvery steps between selections
   * @param stateFreeLrScale the state-free part's learning rate as a multiple of AdamW's; 0 freezes it (BAdam)
   */
  public record Settings(double density, int reselectEvery, double stateFreeLrScale) {
    public Settings {
      if (!(density >= 0 && density <= 1) || reselectEvery < 1 || !(stateFreeLrScale >= 0)) {
        throw new IllegalArgumentException("need 0 <= density <= 1, reselectEvery >= 1 and stateFreeLrScale >= 0, got "
            + density + ", " + reselectEvery + ", " + stateFreeLrScale);
      }
    }
  }

  private static final class Moments {
    final Tensor first;
    final Tensor second;
    /** {@link #steps} as the float32 scalar the fused kernel reads. */
    final Tensor stepCount;
    long steps;

    Moments(Tensor values, long steps) {
      // Retained: a (re)selection happens inside a training step's pointer scope, which must not free the state.
      this.first = zeros_like(values).retainReference();
      this.second = zeros_like(values).retainReference();
      this.stepCount = zeros(new long[] {}, Tensors.options(ScalarType.Float, values.device())).retainReference();
      this.steps = steps;
    }

    void release() {
      first.releaseReference();
      second.releaseReference();
      stepCount.releaseReference();
    }
  }

  private final Parameters parameters;
  private final double weightDecay;
  private final Settings settings;
  private final long seed;
  private final String name;
  private final Map<String, Tensor> values;
  private final Map<String, Tensor> grads;
  private final Set<String> decayed;
  private final List<String> alwaysAdam;
  private final List<String> candidates;
  private final long candidateNumel;
  /** Moments of what AdamW updates now, in layout order. */
  private final Map<String, Moments> moments = new LinkedHashMap<>();
  private long steps;
  private long layoutChanges;

  /** FRUGAL: embeddings, head, norms and biases in AdamW; block matrices split by {@code settings}. */
  public Frugal(Parameters parameters, double weightDecay, Settings settings, long seed) {
    this(parameters, weightDecay, settings, seed, NAME);
  }

  /** signSGD with decoupled weight decay on every parameter, no state: FRUGAL's state-free part alone. */
  public static Frugal signSgd(Parameters parameters, double weightDecay) {
    return new Frugal(parameters, weightDecay, new Settings(0, Integer.MAX_VALUE, 1), 0, SIGN_SGD_NAME);
  }

  private Frugal(Parameters parameters, double weightDecay, Settings settings, long seed, String name) {
    this.parameters = parameters;
    this.weightDecay = weightDecay;
    this.settings = settings;
    this.seed = seed;
    this.name = name;
    this.values = parameters.viewsOf(parameters.values());
    this.grads = parameters.viewsOf(parameters.grads());
    long decayedNumel = parameters.decayedSlice(parameters.values()).numel();
    this.decayed = values.keySet().stream()
        .filter(parameter -> values.get(parameter).storage_offset() < decayedNumel)
        .collect(Collectors.toUnmodifiableSet());
    boolean stateFreeEverywhere = name.equals(SIGN_SGD_NAME);
    this.candidates = values.keySet().stream()
        .filter(parameter -> stateFreeEverywhere || isBlockMatrix(parameter)).toList();
    this.alwaysAdam = values.keySet().stream().filter(parameter -> !candidates.contains(parameter)).toList();
    this.candidateNumel = candidates.stream().mapToLong(this::numel).sum();
    layOut(select(0));
  }

  private boolean isBlockMatrix(String parameter) {
    return parameter.startsWith(BLOCK_PREFIX) && parameters.shape(parameter).length == 2;
  }

  @Override
  public void step(double learningRate) {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      if (steps > 0 && steps % settings.reselectEvery() == 0) {
        layOut(select(steps / settings.reselectEvery()));
      }
      steps++;
      parameters.grads();
      adamW(learningRate, true);
      adamW(learningRate, false);
      signSgd(learningRate * settings.stateFreeLrScale());
      parameters.valuesChanged();
    }
  }

  private void adamW(double learningRate, boolean decay) {
    List<String> group = moments.keySet().stream().filter(parameter -> decayed.contains(parameter) == decay).toList();
    if (group.isEmpty()) {
      return;
    }
    for (String parameter : group) {
      Moments state = moments.get(parameter);
      state.steps++;
      state.stepCount.fill_(new Scalar((double) state.steps));
    }
    Function<Function<String, Tensor>, List<Tensor>> each = tensor -> group.stream().map(tensor).toList();
    FusedAdamWKernel.apply(each.apply(values::get), each.apply(grads::get),
        each.apply(parameter -> moments.get(parameter).first), each.apply(parameter -> moments.get(parameter).second),
        each.apply(parameter -> moments.get(parameter).stepCount), learningRate, decay ? weightDecay : 0);
  }

  private void signSgd(double learningRate) {
    if (learningRate == 0) {
      return;
    }
    for (String parameter : candidates) {
      if (!moments.containsKey(parameter)) {
        Tensor value = values.get(parameter);
        if (decayed.contains(parameter)) {
          value.mul_(new Scalar(1 - learningRate * weightDecay));
        }
        value.add_(grads.get(parameter).sign(), new Scalar(-learningRate));
      }
    }
  }

  /** The block matrices of reselection {@code round}. */
  Set<String> select(long round) {
    List<String> order = new ArrayList<>(candidates);
    Collections.shuffle(order, new Random(seed * 1_000_003L + round));
    double target = settings.density() * candidateNumel;
    Set<String> selected = new HashSet<>();
    long covered = 0;
    for (String parameter : order) {
      if (covered + numel(parameter) / 2.0 < target) {
        selected.add(parameter);
        covered += numel(parameter);
      }
    }
    return selected;
  }

  /** Moments for the always-AdamW parameters and {@code selected}: kept where they exist, else new ones. */
  private void layOut(Set<String> selected) {
    Map<String, Moments> previous = new LinkedHashMap<>(moments);
    moments.clear();
    for (String parameter : values.keySet()) {
      if (alwaysAdam.contains(parameter) || selected.contains(parameter)) {
        Moments state = previous.remove(parameter);
        moments.put(parameter, state != null ? state : new Moments(values.get(parameter), 0));
      }
    }
    previous.values().forEach(Moments::release);
    layoutChanges++;
  }

  private long numel(String parameter) {
    return values.get(parameter).numel();
  }

  /** The block matrices that AdamW updates now. */
  public Set<String> selected() {
    return moments.keySet().stream().filter(candidates::contains).collect(Collectors.toUnmodifiableSet());
  }

  /** The elements of the matrices that {@link #selected()} draws from. */
  public long candidateNumel() {
    return candidateNumel;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> layoutMetadata() {
    return Map.of(MOMENTS_KEY, moments.entrySet().stream()
        .map(entry -> entry.getKey() + ":" + entry.getValue().steps).collect(Collectors.joining(",")));
  }

  @Override
  public Map<String, Map<String, Tensor>> stateTensors() {
    Map<String, Tensor> first = new LinkedHashMap<>();
    Map<String, Tensor> second = new LinkedHashMap<>();
    moments.forEach((parameter, state) -> {
      first.put(parameter, state.first);
      second.put(parameter, state.second);
    });
    Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();
    state.put(AdamW.FIRST_MOMENT_PREFIX, first);
    state.put(AdamW.SECOND_MOMENT_PREFIX, second);
    return state;
  }

  @Override
  public void restore(long steps, Map<String, String> layout) {
    String saved = layout.get(MOMENTS_KEY);
    if (saved == null) {
      throw new IllegalArgumentException("the checkpoint has no " + MOMENTS_KEY);
    }
    Map<String, Long> stepsByParameter = new LinkedHashMap<>();
    for (String entry : saved.isEmpty() ? new String[0] : saved.split(",")) {
      int colon = entry.lastIndexOf(':');
      String parameter = entry.substring(0, colon);
      if (!values.containsKey(parameter)) {
        throw new IllegalArgumentException("the checkpoint has moments for " + parameter + ", which the model lacks");
      }
      stepsByParameter.put(parameter, Long.parseLong(entry.substring(colon + 1)));
    }
    moments.values().forEach(Moments::release);
    moments.clear();
    stepsByParameter.forEach((parameter, count) -> moments.put(parameter, new Moments(values.get(parameter), count)));
    this.steps = steps;
    layoutChanges++;
  }

  /** Both moments in fp32 and a step count for each parameter AdamW updates now. */
  @Override
  public long stateBytes() {
    return moments.keySet().stream().mapToLong(parameter -> 2 * numel(parameter) * Float.BYTES + Float.BYTES).sum();
  }

  @Override
  public long layoutChanges() {
    return layoutChanges;
  }
}
