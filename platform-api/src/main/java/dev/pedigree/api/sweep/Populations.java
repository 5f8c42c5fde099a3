package dev.pedigree.api.sweep;

import dev.pedigree.api.artifact.Artifact;
import dev.pedigree.api.artifact.ArtifactService;
import dev.pedigree.api.metric.MetricKeysResponse.MetricKeySummary;
import dev.pedigree.api.metric.MetricService;
import dev.pedigree.api.run.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The members of a pbt sweep's generation as they ended (values, objective, last checkpoint), and what each trains
 * next. A member counts only when its run succeeded: only then did it write its checkpoint at its generation's end.
 */
@Component
class Populations {
  private static final Logger log = LoggerFactory.getLogger(Populations.class);

  private final SweepRepository sweeps;
  private final MetricService metrics;
  private final ArtifactService artifacts;
  private final JsonMapper json;

  Populations(SweepRepository sweeps, MetricService metrics, ArtifactService artifacts, JsonMapper json) {
    this.sweeps = sweeps;
    this.metrics = metrics;
    this.artifacts = artifacts;
    this.json = json;
  }

  /** The values and parent checkpoint of {@code trial}, a member's run past the first generation. */
  PopulationStep.Next next(SweepDefinition definition, UUID sweepId, int trial) {
    PbtSettings pbt = definition.pbt();
    int generation = pbt.generation(trial);
    List<PopulationStep.Member> members = generation(definition, sweepId, generation - 1);
    // Seeded by sweep and trial, so that a retried request, were it ever to draw again, draws the same.
    Random random = new Random(definition.seed() ^ (0x9E3779B97F4A7C15L * trial));
    PopulationStep.Next next =
        PopulationStep.next(pbt, definition.parameters(), definition.objective(), members, pbt.member(trial), random);
    log.info("sweep {} trial {} (member {}, generation {}) continues member {}'s checkpoint{}", sweepId, trial,
        pbt.member(trial), generation, next.parent().member(), next.exploited() ? ", exploited" : "");
    return next;
  }

  private List<PopulationStep.Member> generation(SweepDefinition definition, UUID sweepId, int generation) {
    PbtSettings pbt = definition.pbt();
    Map<Integer, TrialRun> runs = sweeps.trialRuns(sweepId).stream()
        .collect(Collectors.toMap(TrialRun::trial, Function.identity()));
    List<UUID> runIds = runs.values().stream().map(TrialRun::runId).toList();
    Map<UUID, Map<String, MetricKeySummary>> summaries = metrics.summaries(runIds);
    List<PopulationStep.Member> members = new ArrayList<>();
    for (int member = 0; member < pbt.population(); member++) {
      int trial = generation * pbt.population() + member + 1;
      TrialRun run = runs.get(trial);
      if (run == null || run.status() != RunStatus.SUCCEEDED) {
        members.add(new PopulationStep.Member(member, trial, JsonNodeFactory.instance.objectNode(), Double.NaN, null));
        continue;
      }
      MetricKeySummary summary =
          summaries.getOrDefault(run.runId(), Map.of()).get(definition.objective().metric());
      members.add(new PopulationStep.Member(member, trial, (ObjectNode) run.drawn().params(),
          summary == null ? Double.NaN : definition.objective().of(summary), lastCheckpoint(run.runId())));
    }
    return members;
  }

  private UUID lastCheckpoint(UUID runId) {
    return artifacts.producedBy(runId).stream()
        .filter(artifact -> artifact.kind().equals("checkpoint"))
        .max(Comparator.comparingLong(artifact -> json.readTree(artifact.metadata()).path("step").asLong()))
        .map(Artifact::id)
        .orElse(null);
  }
}
