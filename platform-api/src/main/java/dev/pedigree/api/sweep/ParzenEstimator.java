package dev.pedigree.api.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Parzen estimator over a sweep's parameters jointly (Optuna's multivariate TPE): one kernel per observed trial,
 * the product of one kernel per parameter centred on the trial's value, and one prior kernel; all weighted alike
 * (Optuna's {@code consider_prior}, {@code prior_weight=1}). Jointly, a value that failed beside a bad value of another
 * parameter is not held against it beside a good one.
 *
 * <p>A range's kernel is a Gaussian on its {@link RangeAxis}, truncated to the axis. Bandwidths follow hyperopt's
 * adaptive Parzen estimator (Bergstra et al. 2011): a point's σ is the larger gap to its neighbours on that axis (the
 * axis ends bound the outermost), clipped to [(high − low) / min(100, n + 1), high − low] (Optuna's
 * {@code consider_magic_clip}); the prior's is mid-axis with σ = high − low. A listed values' kernel gives its own
 * value weight 1 and each value p = 1 / (n + 1) more (Optuna's categorical kernel); the prior's is uniform.
 */
final class ParzenEstimator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_REJECTIONS = 100;

  private final List<Parameter> parameters;
  private final List<Axis> axes = new ArrayList<>();
  private final int kernels;

  /** @param observations the trials' values by parameter path; each has every parameter */
  ParzenEstimator(List<Parameter> parameters, List<JsonNode> observations) {
    this.parameters = List.copyOf(parameters);
    this.kernels = observations.size() + 1;
    for (Parameter parameter : parameters) {
      List<JsonNode> values = observations.stream().map(trial -> trial.path(parameter.path())).toList();
      axes.add(parameter.domain() instanceof Domain.Range range
          ? new Numeric(new RangeAxis(range), values)
          : new Categorical((Domain.Values) parameter.domain(), values));
    }
  }

  /** A point drawn from the mixture: a kernel chosen uniformly, then each parameter's value from it. */
  ObjectNode sample(Random random) {
    int kernel = random.nextInt(kernels);
    ObjectNode point = NODES.objectNode();
    for (int d = 0; d < parameters.size(); d++) {
      point.set(parameters.get(d).path(), axes.get(d).sample(kernel, random));
    }
    return point;
  }

  /** The log of the mixture's density at {@code point}; the prior kernel keeps it finite inside the domains. */
  double logDensity(JsonNode point) {
    double[] logs = new double[kernels];
    for (int k = 0; k < kernels; k++) {
      for (int d = 0; d < parameters.size(); d++) {
        logs[k] += axes.get(d).logDensity(k, point.path(parameters.get(d).path()));
      }
    }
    double top = Arrays.stream(logs).max().orElseThrow();
    return top + Math.log(Arrays.stream(logs).map(log -> Math.exp(log - top)).sum() / kernels);
  }

  /** One parameter's kernels; kernel {@code kernels - 1} is the prior's. */
  private sealed interface Axis {
    JsonNode sample(int kernel, Random random);

    double logDensity(int kernel, JsonNode value);
  }

  private record Numeric(RangeAxis axis, double[] mus, double[] sigmas) implements Axis {
    Numeric(RangeAxis axis, List<JsonNode> values) {
      this(axis, new double[values.size() + 1], new double[values.size() + 1]);
      double width = axis.high() - axis.low();
      double minSigma = width / Math.min(100, values.size() + 1);
      double[] sorted = values.stream().mapToDouble(axis::point).sorted().toArray();
      for (int i = 0; i < values.size(); i++) {
        mus[i] = axis.point(values.get(i));
        int at = Arrays.binarySearch(sorted, mus[i]);
        double left = mus[i] - (at == 0 ? axis.low() : sorted[at - 1]);
        double right = (at == sorted.length - 1 ? axis.high() : sorted[at + 1]) - mus[i];
        sigmas[i] = Math.min(width, Math.max(minSigma, Math.max(left, right)));
      }
      mus[values.size()] = (axis.low() + axis.high()) / 2;
      sigmas[values.size()] = width;
    }

    @Override
    public JsonNode sample(int kernel, Random random) {
      for (int i = 0; i < MAX_REJECTIONS; i++) {
        double x = mus[kernel] + sigmas[kernel] * random.nextGaussian();
        if (x >= axis.low() && x <= axis.high()) {
          return axis.value(x);
        }
      }
      return axis.value(mus[kernel]);
    }

    @Override
    public double logDensity(int kernel, JsonNode value) {
      double mu = mus[kernel];
      double sigma = sigmas[kernel];
      double z = (axis.point(value) - mu) / sigma;
      double inside = Normal.cdf((axis.high() - mu) / sigma) - Normal.cdf((axis.low() - mu) / sigma);
      return -0.5 * z * z - Math.log(sigma * Math.sqrt(2 * Math.PI) * inside);
    }
  }

  /** @param observed each kernel's value's index; -1 for the prior's */
  private record Categorical(Domain.Values domain, int[] observed) implements Axis {
    Categorical(Domain.Values domain, List<JsonNode> values) {
      this(domain, new int[values.size() + 1]);
      for (int i = 0; i < values.size(); i++) {
        observed[i] = indexOf(domain.values(), values.get(i));
      }
      observed[values.size()] = -1;
    }

    /** Numbers match by value: a stored value may come back from jsonb as another numeric type. */
    private static int indexOf(List<JsonNode> values, JsonNode value) {
      for (int i = 0; i < values.size(); i++) {
        JsonNode listed = values.get(i);
        if (listed.isNumber() && value.isNumber() ? listed.asDouble() == value.asDouble() : listed.equals(value)) {
          return i;
        }
      }
      return -1;
    }

    private double share(int kernel, int index) {
      int size = domain.values().size();
      if (observed[kernel] < 0) {
        return 1.0 / size;
      }
      double p = 1.0 / observed.length;
      return ((index == observed[kernel] ? 1 : 0) + p) / (1 + size * p);
    }

    @Override
    public JsonNode sample(int kernel, Random random) {
      double u = random.nextDouble();
      double cumulative = 0;
      int last = domain.values().size() - 1;
      for (int i = 0; i < last; i++) {
        cumulative += share(kernel, i);
        if (u < cumulative) {
          return domain.values().get(i).deepCopy();
        }
      }
      return domain.values().get(last).deepCopy();
    }

    @Override
    public double logDensity(int kernel, JsonNode value) {
      int index = indexOf(domain.values(), value);
      return index < 0 ? Double.NEGATIVE_INFINITY : Math.log(share(kernel, index));
    }
  }
}
