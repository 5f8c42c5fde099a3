package dev.pedigree.workflows.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The optimizer of a training loop (METHODS.md §2.6), written as a name ({@code "adamw"}) or an object whose fields
 * other than {@code name} default when omitted and are errors under another optimizer.
 *
 * @param name {@code adamw} (the default); {@code frugal}, FRUGAL with blockwise subspaces: AdamW on the embeddings,
 *     the head, norms, biases and a selection of the blocks' weight matrices, state-free signSGD on the other matrices;
 *     or {@code signsgd}, signSGD with decoupled weight decay on every parameter and no optimizer state
 * @param density frugal: the share of the block matrices' elements that AdamW updates, in (0, 1] (default 0.25)
 * @param reselectEvery frugal: steps between drawing a new selection, whose new matrices start from zero moments
 *     (default 200)
 * @param stateFreeLrScale frugal: the signSGD part's learning rate as a multiple of the run's (default 1, as in the
 *     paper's update rule; 0 freezes the unselected matrices, which is BAdam's block update)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerSpec(String name, Double density, Integer reselectEvery, Double stateFreeLrScale) {
  public static final String ADAMW = "adamw";
  public static final String FRUGAL = "frugal";
  public static final String SIGN_SGD = "signsgd";
  public static final List<String> NAMES = List.of(ADAMW, FRUGAL, SIGN_SGD);

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public OptimizerSpec {
    name = name == null ? ADAMW : name;
    boolean frugal = name.equals(FRUGAL);
    density = density == null && frugal ? Double.valueOf(0.25) : density;
    reselectEvery = reselectEvery == null && frugal ? Integer.valueOf(200) : reselectEvery;
    stateFreeLrScale = stateFreeLrScale == null && frugal ? Double.valueOf(1.0) : stateFreeLrScale;
  }

  /** The JSON string form: an optimizer by name, with its defaults. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static OptimizerSpec named(String name) {
    return new OptimizerSpec(name, null, null, null);
  }

  public static OptimizerSpec adamW() {
    return named(ADAMW);
  }

  void check(SpecChecks checks, String at) {
    checks.oneOf(at + ".name", name, NAMES);
    if (name.equals(FRUGAL)) {
      checks.require(density > 0 && density <= 1, at + ".density", "must be above 0 and at most 1, was " + density);
      checks.range(at + ".reselectEvery", reselectEvery, 1, 100_000_000);
      checks.range(at + ".stateFreeLrScale", stateFreeLrScale, 0.0, 100.0);
    } else {
      checks.require(density == null, at + ".density", "applies to the frugal optimizer only");
      checks.require(reselectEvery == null, at + ".reselectEvery", "applies to the frugal optimizer only");
      checks.require(stateFreeLrScale == null, at + ".stateFreeLrScale", "applies to the frugal optimizer only");
    }
  }
}
