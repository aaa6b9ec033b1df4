package org.relman.process;

import java.util.ArrayList;

import javax.xml.datatype.DatatypeFactory;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.spring.SpringExpressionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * relman's rules inside the engine, so every door into it (the API, {@code /engine-rest}, the webapps, Java) passes
 * them: the {@link ModelConventions}; the {@link CommandGuard}s in front of every command; expressions in models reach
 * only {@link ModelBean}s; operations people do in the engine are audited ({@link EngineOperationAudit}); and no
 * login locks a user for good (failed logins are throttled per client address instead, by a guard). Picked up by the
 * Operaton starter as a plugin bean.
 */
@Component
class RelmanEnginePlugin extends AbstractProcessEnginePlugin implements SmartInitializingSingleton {

  private final ObjectProvider<LifecycleHooks> lifecycle;
  private final ObjectProvider<UserTaskHooks> tasks;
  private final ObjectProvider<CommandGuard> guards;
  private final ApplicationContext context;
  private final ApplicationEventPublisher events;
  private final GuardedDoors doors = new GuardedDoors();

  RelmanEnginePlugin(ObjectProvider<LifecycleHooks> lifecycle, ObjectProvider<UserTaskHooks> tasks,
      ObjectProvider<CommandGuard> guards, ApplicationContext context, ApplicationEventPublisher events) {
    this.lifecycle = lifecycle;
    this.tasks = tasks;
    this.guards = guards;
    this.context = context;
    this.events = events;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new ModelConventions(lifecycle, tasks));

    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(0, doors);

    // the starter built an expression manager that sees every bean; models see relman's model beans only
    ModelBeans beans = new ModelBeans(context);
    configuration.setBeans(beans);
    configuration.setExpressionManager(new SpringExpressionManager(context, beans));

    if (configuration.getCustomHistoryEventHandlers() == null) {
      configuration.setCustomHistoryEventHandlers(new ArrayList<>());
    }
    configuration.getCustomHistoryEventHandlers().add(new EngineOperationAudit(events));

    // ten wrong passwords would lock a user for good, the workers' technical one included: anyone who can reach the
    // port could stop every deployment; LoginThrottle slows down the client address instead
    configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
    configuration.setLoginDelayMaxTime(0);

    // every timer the engine schedules (each user task's "Task overdue", soak rounds, gate timeouts) asks
    // DatatypeFactory.newInstance() for a factory; unless this property names one, that is a ServiceLoader search
    // through every jar on the class path each time (about 1 % of the CPU time in a profile of the lifecycle tests)
    if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
      System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY, DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
    }

    // the SQL mappings' reads of query properties without a getter, remembered (6 % of the tests' CPU time)
    SqlPropertyReads.install();
  }

  /** relman's beans all exist: from now on every outer command passes the guards. */
  @Override
  public void afterSingletonsInstantiated() {
    doors.arm(guards.orderedStream().toList());
  }
}
