package org.relman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** {@code relman.node.role} turns into the settings it stands for before any bean is made. */
class NodeRoleSettingsTest {

  @Test
  void anApiNodeRunsNoJobExecutorAndNoWorkersWhateverElseSaysSo() {
    MockEnvironment environment = new MockEnvironment().withProperty("relman.node.role", "api")
        .withProperty("operaton.bpm.job-execution.enabled", "true").withProperty("relman.workers.enabled", "true");

    new NodeRoleSettings().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("operaton.bpm.job-execution.enabled")).isEqualTo("false");
    assertThat(environment.getProperty("relman.workers.enabled")).isEqualTo("false");
  }

  @Test
  void allAndWorkerNodesKeepWhatIsConfigured() {
    for (String role : new String[] {"all", "WORKER", null}) {
      MockEnvironment environment = new MockEnvironment().withProperty("operaton.bpm.job-execution.enabled", "true")
          .withProperty("relman.workers.enabled", "false");
      if (role != null) {
        environment.setProperty("relman.node.role", role);
      }

      new NodeRoleSettings().postProcessEnvironment(environment, new SpringApplication());

      assertThat(environment.getProperty("operaton.bpm.job-execution.enabled")).as(role).isEqualTo("true");
      assertThat(environment.getProperty("relman.workers.enabled")).as(role).isEqualTo("false");
    }
  }

  @Test
  void aRoleThatIsNoneOfTheThreeStopsTheStartNamingTheKey() {
    MockEnvironment environment = new MockEnvironment().withProperty("relman.node.role", "apy");

    assertThatThrownBy(() -> new NodeRoleSettings().postProcessEnvironment(environment, new SpringApplication()))
        .hasMessage("relman.node.role must be one of all, api, worker, not 'apy'");
  }
}
