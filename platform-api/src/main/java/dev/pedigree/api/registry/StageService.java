package dev.pedigree.api.registry;

import dev.pedigree.api.security.Caller;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stage use cases. A transition takes the model's row lock, so transitions are recorded in the order they took
 * effect, each from the stage the one before it left.
 */
@Service
public class StageService {
  private final RegistryRepository registry;
  private final StageRepository stages;
  private final RegistryService models;

  StageService(RegistryRepository registry, StageRepository stages, RegistryService models) {
    this.registry = registry;
    this.stages = stages;
    this.models = models;
  }

  /**
   * Moves the version to the stage; with {@code archiveExisting}, the model's other versions in that stage move to
   * Archived. Each move is recorded; a version already in the stage is not moved.
   */
  @Transactional
  public VersionResponse transition(String name, String version, StageChange change, Caller caller) {
    RegisteredModel model = models.lockedModel(name);
    caller.requireMayActIn(model.project());
    int number = RegistryService.versionNumber(model, version);
    if (change.archiveExisting()) {
      for (int other : stages.versionsIn(model.id(), change.to())) {
        if (other != number) {
          move(model, other, Stage.ARCHIVED, caller);
        }
      }
    }
    move(model, number, change.to(), caller);
    return models.version(model, number);
  }

  /** The newest version in each of the stages, oldest first. */
  @Transactional(readOnly = true)
  public List<VersionResponse> latestPerStage(String name, Collection<Stage> wanted) {
    return registry.latestPerStage(models.model(name).id(), wanted).stream().map(models::response).toList();
  }

  /** Oldest first; empty while the version has never left stage None. */
  @Transactional(readOnly = true)
  public List<StageTransition> history(String name, String version) {
    RegisteredModel model = models.model(name);
    return stages.history(model.id(), RegistryService.versionNumber(model, version));
  }

  /** Every transition of every version of the model, oldest first. */
  @Transactional(readOnly = true)
  public List<StageTransition> history(String name) {
    return stages.history(models.model(name).id());
  }

  private void move(RegisteredModel model, int version, Stage to, Caller caller) {
    Stage from = stages.stageOf(model.id(), version);
    if (from != to) {
      stages.transition(model.id(), version, from, to, caller.name());
      registry.touch(model.id(), version);
    }
  }
}
