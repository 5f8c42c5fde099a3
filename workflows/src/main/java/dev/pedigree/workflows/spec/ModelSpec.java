package dev.pedigree.workflows.spec;

/** GPT shape. Omitted fields take the demo model's values. */
public record ModelSpec(Integer layers, Integer dModel, Integer heads, Integer contextLength) {
  public ModelSpec {
    layers = layers == null ? 2 : layers;
    dModel = dModel == null ? 64 : dModel;
    heads = heads == null ? 4 : heads;
    contextLength = contextLength == null ? 64 : contextLength;
  }

  public static ModelSpec defaults() {
    return new ModelSpec(null, null, null, null);
  }

  void check(SpecChecks checks, String at) {
    checks.range(at + ".layers", layers, 1, 48);
    checks.range(at + ".dModel", dModel, 8, 8192);
    checks.range(at + ".heads", heads, 1, 128);
    checks.require(heads > 0 && dModel % heads == 0, at + ".heads", "must divide dModel (" + dModel + ")");
    checks.range(at + ".contextLength", contextLength, 8, 8192);
  }
}
