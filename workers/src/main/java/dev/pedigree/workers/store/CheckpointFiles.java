package dev.pedigree.workers.store;

import dev.pedigree.workers.engine.checkpoint.Checkpoints;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The engine's checkpoint file names, {@code ckpt-00000100.safetensors}; complete files only carry them. */
final class CheckpointFiles {
  /** A store keeps as many checkpoints of a run as the engine keeps in its work directory. */
  static final int RETAINED = Checkpoints.RETAINED;

  private static final Pattern NAME = Pattern.compile("ckpt-(\\d{8})\\.safetensors");

  private CheckpointFiles() {}

  static OptionalLong step(String fileName) {
    Matcher matcher = NAME.matcher(fileName);
    return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
  }
}
