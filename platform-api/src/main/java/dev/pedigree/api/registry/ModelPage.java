package dev.pedigree.api.registry;

import java.util.List;

public record ModelPage(List<ModelResponse> items, int page, int size, long total) {}
