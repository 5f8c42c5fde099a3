package dev.pedigree.workers.engine.tokenizer;

import java.nio.file.Path;

/** A saved {@code tokenizer.json}, an artifact like a checkpoint. */
public record TokenizerFile(Path path, String sha256) {}
