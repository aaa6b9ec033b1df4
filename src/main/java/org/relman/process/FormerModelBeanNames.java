package org.relman.process;

import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * The names earlier model versions used for relman's delegates, before each was named after the task it serves.
 * Releases started on such a version keep running after an upgrade: their expressions still find the delegate.
 */
@Component
class FormerModelBeanNames implements BeanFactoryPostProcessor {

  /** Former name → current name (relman 0.1; escalateOverdueApprovals until the overdue step of every task). */
  static final Map<String, String> ALIASES = Map.of(
      "calendarCheck", "checkCalendar",
      "freezeOverride", "recordOverriddenFreezes",
      "riskAssessment", "assessRisk",
      "gateResultListener", "recordGateResult",
      "gateTimeoutListener", "recordGateTimeout",
      "approvalEscalation", "escalateOverdueTask",
      "escalateOverdueApprovals", "escalateOverdueTask");

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    ALIASES.forEach((former, current) -> {
      if (beanFactory.containsBeanDefinition(current) && !beanFactory.containsBean(former)) {
        beanFactory.registerAlias(current, former);
      }
    });
  }
}
