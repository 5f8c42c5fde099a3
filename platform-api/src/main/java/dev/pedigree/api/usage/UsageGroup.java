package dev.pedigree.api.usage;

/**
 * One row of the usage report: the runs and attempts of a group (or of all groups, the total, whose key is null) with
 * their device seconds, lost seconds and cost, null when an attempt ran on a device without a price.
 */
public record UsageGroup(String key, long runs, long attempts, double deviceSeconds, double lostSeconds, Double cost) {}
