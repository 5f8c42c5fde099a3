package dev.pedigree.workflows.spec;

import java.util.List;

/** Run kinds of the public contract, and which of them this build can train. */
public final class RunKinds {
  public static final String PRETRAIN = "pretrain";
  public static final List<String> ALL = List.of(PRETRAIN, "rl", "preference", "distill", "merge");
  public static final List<String> AVAILABLE = List.of(PRETRAIN);

  private RunKinds() {}
}
