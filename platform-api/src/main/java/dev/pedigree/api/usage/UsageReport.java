package dev.pedigree.api.usage;

import java.util.List;

/** {@code GET /api/v1/usage}: groups in key order and their total. */
public record UsageReport(String currency, List<UsageGroup> groups, UsageGroup total) {}
