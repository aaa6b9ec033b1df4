package org.relman.process;

import java.util.ArrayList;

import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.TransactionState;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With {@code relman.bench.enabled}: tells the {@link BenchProbe} when each external task is created, so that its
 * pickup time is measured in this JVM, to the microsecond, from the commit that made it visible.
 */
@Component
@ConditionalOnProperty(prefix = "relman.bench", name = "enabled", havingValue = "true")
class BenchEnginePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<BenchProbe> probe;

  BenchEnginePlugin(ObjectProvider<BenchProbe> probe) {
    this.probe = probe;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    // the task can be fetched once its transaction commits: that is when its pickup time starts
    ExecutionListener created = execution -> {
      String activityInstanceId = execution.getActivityInstanceId();
      Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
          context -> probe.getObject().created(activityInstanceId));
    };
    configuration.getCustomPostBPMNParseListeners().add(new BpmnParseListener() {
      @Override
      public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof ExternalTaskActivityBehavior) {
          activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, created);
        }
      }
    });
  }
}
