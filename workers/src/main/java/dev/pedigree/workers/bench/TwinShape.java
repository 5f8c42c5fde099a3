package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.model.Gpt;
import dev.pedigree.workers.engine.model.GptConfig;
import dev.pedigree.workers.engine.model.ParameterShape;
import dev.pedigree.workers.engine.model.PositionEncoding;
import java.util.List;

/** A GPT shape known by the same name to {@link GpuBench} and its Python twin, bench/python/gpt_twin.py. */
record TwinShape(String name, GptConfig config) {
  static final List<TwinShape> ALL = List.of(
      // examples/demo.json's model, for smoke runs on the CPU
      new TwinShape("tiny", new GptConfig(2, 64, 4, 64, 256)),
      // ../shared/gpu/example's model: its own output head makes it 19,308,544 parameters
      new TwinShape("ref", new GptConfig(6, 512, 8, 256, 256, false, PositionEncoding.LEARNED)),
      // GPT-2 small as a run's spec makes it: 50,257 tokens in 50,304 embedding rows
      new TwinShape("gpt2", new GptConfig(12, 768, 12, 1024, 50257).alignedEmbeddings()));

  static TwinShape named(String name) {
    return ALL.stream().filter(shape -> shape.name.equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown shape '" + name + "'; shapes: "
            + String.join(", ", ALL.stream().map(TwinShape::name).toList())));
  }

  /** Every weight, a tied embedding once, padding rows included. */
  long parameters() {
    return Gpt.layout(config).stream().mapToLong(ParameterShape::numel).sum();
  }
}
