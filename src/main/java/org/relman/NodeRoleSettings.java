package org.relman;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code relman.node.role} into the settings it stands for, before any bean is made: an {@code api} node runs
 * no job executor and no external-task workers, whatever else says so. The engine's job executor is the starter's
 * bean, switched by its own key; that key is why this is done on the environment and not in a bean.
 */
public class NodeRoleSettings implements EnvironmentPostProcessor {

  static final String SOURCE = "relman.node.role";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    RelmanProperties.Node.Role role;
    try {
      role = Binder.get(environment).bind("relman.node.role", RelmanProperties.Node.Role.class)
          .orElse(RelmanProperties.Node.Role.ALL);
    } catch (BindException e) {
      throw new IllegalStateException("relman.node.role must be one of all, api, worker, not '"
          + environment.getProperty("relman.node.role") + "'", e);
    }
    if (!role.runsBackgroundWork()) {
      environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of(
          "operaton.bpm.job-execution.enabled", "false",
          "relman.workers.enabled", "false")));
    }
  }
}
