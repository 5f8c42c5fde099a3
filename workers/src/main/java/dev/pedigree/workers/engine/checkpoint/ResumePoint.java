package dev.pedigree.workers.engine.checkpoint;

/** Where a restored run continues: optimizer steps done and training samples consumed. */
public record ResumePoint(long step, long dataCursor) {}
