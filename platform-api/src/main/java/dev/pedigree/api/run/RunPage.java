package dev.pedigree.api.run;

import java.util.List;

public record RunPage(List<RunResponse> items, int page, int size, long total) {}
