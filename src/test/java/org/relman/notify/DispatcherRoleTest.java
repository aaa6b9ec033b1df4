package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.relman.RelmanProperties;
import org.relman.testing.TestProperties;

/** An {@code api} node sends no notifications: its outbox rows are sent by the nodes that run background work. */
class DispatcherRoleTest {

  @Test
  void anApiNodeStartsNoDispatcherAndAnAllNodeDoes() {
    NotificationDispatcher api = dispatcher(RelmanProperties.Node.Role.API);
    NotificationDispatcher all = dispatcher(RelmanProperties.Node.Role.ALL);
    try {
      api.start();
      all.start();

      assertThat(api.isRunning()).isFalse();
      api.wake(); // nothing to wake: no thread, no error
      assertThat(all.isRunning()).isTrue();
    } finally {
      api.stop();
      all.stop();
    }
  }

  private static NotificationDispatcher dispatcher(RelmanProperties.Node.Role role) {
    NotificationProperties settings = new NotificationProperties(null, null, List.of(), null, null,
        Duration.ofHours(1), Duration.ofSeconds(1), null);
    return new NotificationDispatcher(null, List.of(), settings, Clock.systemUTC(), null,
        TestProperties.of("node", new RelmanProperties.Node(role)));
  }
}
