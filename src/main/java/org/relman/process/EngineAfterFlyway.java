package org.relman.process;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.BeanFactoryUtils;

import org.operaton.bpm.engine.spring.ProcessEngineFactoryBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;

/**
 * Flyway must create relman's tables before the engine creates its own: a bean that needs an engine service early
 * would otherwise build the engine first, and Flyway would then refuse the "non-empty schema".
 */
public class EngineAfterFlyway implements DependsOnDatabaseInitializationDetector {

  @Override
  public Set<String> detect(ConfigurableListableBeanFactory beanFactory) {
    return Arrays.stream(beanFactory.getBeanNamesForType(ProcessEngineFactoryBean.class, true, false))
        .map(BeanFactoryUtils::transformedBeanName)
        .collect(Collectors.toSet());
  }
}
