package org.relman.process;

import java.util.ArrayList;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.relman.release.ReleaseLifecycle;
import org.relman.task.TaskCompletionGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Installs {@link ModelConventions} into the engine; picked up by the Operaton starter as a plugin bean. */
@Component
class RelmanEnginePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<ReleaseLifecycle> lifecycle;
  private final ObjectProvider<TaskCompletionGuard> guard;

  RelmanEnginePlugin(ObjectProvider<ReleaseLifecycle> lifecycle, ObjectProvider<TaskCompletionGuard> guard) {
    this.lifecycle = lifecycle;
    this.guard = guard;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new ModelConventions(lifecycle, guard));
  }
}
