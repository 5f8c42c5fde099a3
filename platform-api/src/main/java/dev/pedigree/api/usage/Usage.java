package dev.pedigree.api.usage;

/**
 * What a run or a pipeline spent: device seconds over all its attempts, the part of them a later attempt redid, the
 * device classes it ran on ({@code cuda}, or {@code cpu, cuda} when attempts differ), and its cost in
 * {@code currency}, null when a device it ran on has no price.
 */
public record Usage(double deviceSeconds, double lostSeconds, String device, Double cost, String currency) {}
