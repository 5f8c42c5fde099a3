package dev.pedigree.api.run;

/**
 * The platform's answer to an attempt report: the device seconds the run spent before this attempt, which the worker's
 * {@code sys/device_seconds} curve goes on from.
 */
public record AttemptStarted(double priorDeviceSeconds) {}
