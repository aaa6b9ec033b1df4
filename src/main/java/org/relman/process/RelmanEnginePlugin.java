package org.relman.process;

import java.util.ArrayList;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Installs {@link ModelConventions} into the engine; picked up by the Operaton starter as a plugin bean. */
@Component
class RelmanEnginePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<LifecycleHooks> lifecycle;
  private final ObjectProvider<UserTaskHooks> tasks;

  RelmanEnginePlugin(ObjectProvider<LifecycleHooks> lifecycle, ObjectProvider<UserTaskHooks> tasks) {
    this.lifecycle = lifecycle;
    this.tasks = tasks;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new ModelConventions(lifecycle, tasks));
  }
}
