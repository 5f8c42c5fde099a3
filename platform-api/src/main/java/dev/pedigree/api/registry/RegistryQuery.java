package dev.pedigree.api.registry;

import java.util.List;
import java.util.UUID;

/**
 * What a registry search (MLflow's) matches, each condition null or empty for none, and how it orders the matches.
 *
 * @param project the only project searched; null for every project
 * @param run the run that produced a version's artifact; versions only
 * @param order empty for the default: by name, then newest version first
 */
public record RegistryQuery(String project, NamePattern name, UUID run, List<TagCondition> tags,
    List<RegistryOrder> order) {}
