package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.checkpoint.DType;
import dev.pedigree.workers.engine.checkpoint.FileDigest;
import dev.pedigree.workers.engine.checkpoint.SafeTensorsFiles;
import dev.pedigree.workers.engine.checkpoint.TensorEntry;
import dev.pedigree.workers.engine.data.SplitMix64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Logistic regression over hashed n-gram features (what fastText's classifier amounts to), fitted by plain SGD on the
 * log loss, one example at a time in an order shuffled per epoch from the seed: the same inputs give the same weights.
 */
record LogisticScorer(double[] weights, double bias) {
  static LogisticScorer fit(List<NgramFeatures> examples, boolean[] positive, int epochs, double learningRate,
      long seed) {
    double[] weights = new double[NgramFeatures.BUCKETS];
    double bias = 0;
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      SeededShuffle.shuffle(order, SplitMix64.forStream(seed, epoch));
      for (int index : order) {
        NgramFeatures example = examples.get(index);
        double error = sigmoid(example.dot(weights) + bias) - (positive[index] ? 1 : 0);
        for (int i = 0; i < example.buckets().length; i++) {
          weights[example.buckets()[i]] -= learningRate * error * example.values()[i];
        }
        bias -= learningRate * error;
      }
    }
    return new LogisticScorer(weights, bias);
  }

  /** The probability that {@code features} are of the positive class. */
  double score(NgramFeatures features) {
    return sigmoid(features.dot(weights) + bias);
  }

  /**
   * Writes the scorer as safetensors, sparsely: {@code buckets} (I32, the n-gram buckets with a nonzero weight,
   * ascending), {@code weights} (F64, theirs) and {@code bias} (F64, one value); the metadata says how texts become
   * features, plus {@code extra}.
   */
  FileDigest save(Path target, Map<String, String> extra) {
    int[] buckets = IntStream.range(0, weights.length).filter(bucket -> weights[bucket] != 0).toArray();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pedigree-hashed-ngram-logistic");
    metadata.put("features", NgramFeatures.DESCRIPTION);
    metadata.put("buckets", Integer.toString(NgramFeatures.BUCKETS));
    metadata.putAll(extra);
    return SafeTensorsFiles.writeAtomically(target, metadata, List.of(
        new TensorEntry("buckets", DType.I32, new long[] {buckets.length}, () -> {
          ByteBuffer bytes = ByteBuffer.allocate(4 * buckets.length).order(ByteOrder.LITTLE_ENDIAN);
          bytes.asIntBuffer().put(buckets);
          return bytes;
        }),
        new TensorEntry("weights", DType.F64, new long[] {buckets.length}, () ->
            doubles(IntStream.of(buckets).mapToDouble(bucket -> weights[bucket]).toArray())),
        new TensorEntry("bias", DType.F64, new long[] {1}, () -> doubles(new double[] {bias}))));
  }

  private static ByteBuffer doubles(double[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return bytes;
  }

  private static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }
}
