package dev.pedigree.api.metric;

/** A point with its key and wall time (epoch millis), as a tracking client logs and reads it. */
public record LoggedPoint(String key, long step, double value, long wallMillis) {}
