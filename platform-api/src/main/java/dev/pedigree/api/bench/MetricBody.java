package dev.pedigree.api.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Ingest request bodies as a training worker sends them: several keys, the same consecutive steps for each. */
final class MetricBody {
  private static final int VALUE_TABLE = 1009;

  private final List<String> keys;
  private final String[] values;

  MetricBody(List<String> keys, long seed) {
    this.keys = keys;
    SplittableRandom random = new SplittableRandom(seed);
    this.values = new String[VALUE_TABLE];
    for (int i = 0; i < VALUE_TABLE; i++) {
      values[i] = Double.toString(random.nextDouble() * 10);
    }
  }

  int keys() {
    return keys.size();
  }

  /** Steps {@code firstStep .. firstStep + steps - 1} of every key, attempt 1. */
  byte[] render(long firstStep, int steps) {
    StringBuilder json = new StringBuilder(steps * keys.size() * 30 + 256);
    json.append("{\"attempt\":1,\"series\":[");
    for (int k = 0; k < keys.size(); k++) {
      json.append(k == 0 ? "" : ",").append("{\"key\":\"").append(keys.get(k)).append("\",\"points\":[");
      for (long step = firstStep; step < firstStep + steps; step++) {
        json.append(step == firstStep ? "[" : ",[").append(step).append(',')
            .append(values[(int) ((step * 31 + k) % VALUE_TABLE)]).append(']');
      }
      json.append("]}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
