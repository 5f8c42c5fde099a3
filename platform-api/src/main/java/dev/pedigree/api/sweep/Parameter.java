package dev.pedigree.api.sweep;

/** @param path the field the parameter sets, as a dotted path inside the spec ({@code training.learningRate}) */
record Parameter(String path, Domain domain) {

  /** Where the parameter sits in a sweep body, as field errors name it. */
  String at() {
    return "$.parameters['" + path + "']";
  }

  boolean logScale() {
    return domain instanceof Domain.Range range && range.log();
  }
}
