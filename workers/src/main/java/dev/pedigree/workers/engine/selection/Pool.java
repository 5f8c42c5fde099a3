package dev.pedigree.workers.engine.selection;

import dev.pedigree.workers.engine.data.Domain;
import dev.pedigree.workers.engine.data.TokenWindows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The training windows of every domain as one pool of documents: pool index {@code i} is the sample with id
 * {@code ids[i]}, domains in spec order, windows in order within each.
 */
record Pool(List<Domain> domains, long[] ids) {
  static Pool of(List<Domain> domains) {
    int size = domains.stream().mapToInt(domain -> domain.train().count()).sum();
    long[] ids = new long[size];
    int index = 0;
    for (int domain = 0; domain < domains.size(); domain++) {
      for (int window = 0; window < domains.get(domain).train().count(); window++) {
        ids[index++] = SampledBatch.sampleId(domain, window);
      }
    }
    return new Pool(domains, ids);
  }

  int size() {
    return ids.length;
  }

  /** The token ids of the windows at {@code indices}, row after row. */
  long[] tokens(int[] indices) {
    long[] samples = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      samples[i] = ids[indices[i]];
    }
    return MixtureSampler.gather(domain -> domains.get(domain).train(), samples);
  }

  /** The UTF-8 bytes that the predicted tokens of the window at {@code index} stand for. */
  long targetBytes(int index) {
    return windows(index).targetBytes(new int[] {window(index)});
  }

  /** Every window decoded to UTF-8, in pool order. */
  List<byte[]> texts() {
    return IntStream.range(0, size()).mapToObj(this::text).toList();
  }

  /** The window at {@code index} decoded to UTF-8. */
  byte[] text(int index) {
    TokenWindows windows = windows(index);
    long[] tokens = windows.gather(new int[] {window(index)});
    int[] ids = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      ids[i] = (int) tokens[i];
    }
    return windows.tokenizer().decode(ids).getBytes(StandardCharsets.UTF_8);
  }

  private TokenWindows windows(int index) {
    return domains.get(SampledBatch.domainOf(ids[index])).train();
  }

  private int window(int index) {
    return (int) ids[index];
  }
}
