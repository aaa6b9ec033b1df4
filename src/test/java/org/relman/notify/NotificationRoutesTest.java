package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.relman.notify.NotificationRoutes.Target;
import org.springframework.mock.env.MockEnvironment;

/** Who hears of which milestone, when notifications are off, and the settings refused at start-up. */
class NotificationRoutesTest {

  private static final String HOOK = "https://hooks.slack.com/services/T000/B000/secret";

  private static NotificationProperties settings(List<String> to, String webhook, List<MilestoneEvent> events,
      Map<MilestoneEvent, NotificationProperties.Route> routes, NotificationProperties.Retry retry) {
    return new NotificationProperties(new NotificationProperties.Email(to, null, "[relman]"),
        new NotificationProperties.Slack(webhook), events, routes, retry, Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  private static NotificationProperties.Retry retry() {
    return new NotificationProperties.Retry(6, Duration.ofSeconds(30), Duration.ofMinutes(30));
  }

  private static MockEnvironment withMail() {
    return new MockEnvironment().withProperty("spring.mail.host", "smtp.example.org");
  }

  @Test
  void everyMilestoneGoesToTheDefaultsUnlessItsRouteReplacesThem() {
    var routes = new NotificationRoutes(settings(List.of("releases@example.org", "ops@example.org"), HOOK, null,
        Map.of(MilestoneEvent.ESCALATED, new NotificationProperties.Route(List.of("cab@example.org"), null),
            MilestoneEvent.DEPLOYED, new NotificationProperties.Route(List.of(), "https://chat.example.org/hooks/deploys")),
        retry()), withMail());

    assertThat(routes.targets(MilestoneEvent.COMPLETED)).containsExactly(
        new Target(Channel.EMAIL, "releases@example.org,ops@example.org"), new Target(Channel.SLACK, HOOK));
    assertThat(routes.targets(MilestoneEvent.ESCALATED)).as("own recipients, default webhook").containsExactly(
        new Target(Channel.EMAIL, "cab@example.org"), new Target(Channel.SLACK, HOOK));
    assertThat(routes.targets(MilestoneEvent.DEPLOYED)).as("no e-mail, own webhook")
        .containsExactly(new Target(Channel.SLACK, "https://chat.example.org/hooks/deploys"));
  }

  @Test
  void onlyTheListedMilestonesAreNotified() {
    var routes = new NotificationRoutes(settings(List.of("releases@example.org"), null,
        List.of(MilestoneEvent.COMPLETED, MilestoneEvent.ROLLED_BACK), null, retry()), withMail());

    assertThat(routes.targets(MilestoneEvent.ROLLED_BACK)).hasSize(1);
    assertThat(routes.targets(MilestoneEvent.SCHEDULED)).isEmpty();
    assertThat(routes.targets(MilestoneEvent.DEPLOYED)).isEmpty();
  }

  @Test
  void withoutAnSmtpServerNoMailIsQueuedAndWithoutAWebhookNothingAtAll() {
    var noServer = new NotificationRoutes(settings(List.of("releases@example.org"), HOOK, null, null, retry()),
        new MockEnvironment().withProperty("spring.mail.host", " "));
    assertThat(noServer.mailConfigured()).isFalse();
    assertThat(noServer.targets(MilestoneEvent.COMPLETED)).containsExactly(new Target(Channel.SLACK, HOOK));

    var off = new NotificationRoutes(settings(List.of("releases@example.org"), "", null, null, retry()), new MockEnvironment());
    for (MilestoneEvent event : MilestoneEvent.values()) {
      assertThat(off.targets(event)).as(event.key()).isEmpty();
    }
  }

  @Test
  void malformedAddressesUrlsAndRetriesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> new NotificationRoutes(settings(List.of("releases at example.org"), null, null, null, retry()),
        withMail())).hasMessageContaining("relman.notifications.email.to: 'releases at example.org' is not an e-mail address");
    assertThatThrownBy(() -> new NotificationRoutes(settings(List.of(), null, null,
        Map.of(MilestoneEvent.DEPLOYED, new NotificationProperties.Route(null, "ftp://hooks.example.org/x")), retry()),
        withMail())).hasMessageContaining("relman.notifications.routes.deployed.slack-webhook-url").hasMessageContaining("http(s)");
    assertThatThrownBy(() -> new NotificationRoutes(settings(List.of(), null, null, null,
        new NotificationProperties.Retry(0, Duration.ofSeconds(30), Duration.ofSeconds(10))), withMail()))
        .hasMessageContaining("relman.notifications.retry.max-attempts must be at least 1")
        .hasMessageContaining("relman.notifications.retry.max-backoff must not be shorter than initial-backoff");
  }

  @Test
  void eventNamesAreBoundInKebabCaseAndUnknownOnesStopTheStart() {
    var source = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of(
        "relman.notifications.events", "scheduled, rolled-back",
        "relman.notifications.routes.rolled-back.email-to", "oncall@example.org"));
    NotificationProperties bound = new org.springframework.boot.context.properties.bind.Binder(source)
        .bindOrCreate("relman.notifications", NotificationProperties.class);

    assertThat(bound.events()).containsExactly(MilestoneEvent.SCHEDULED, MilestoneEvent.ROLLED_BACK);
    assertThat(bound.routes().get(MilestoneEvent.ROLLED_BACK).emailTo()).containsExactly("oncall@example.org");
    assertThat(bound.retry().maxAttempts()).as("defaults").isEqualTo(6);

    var unknown = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of(
        "relman.notifications.events", "scheduled, shipped"));
    assertThatThrownBy(() -> new org.springframework.boot.context.properties.bind.Binder(unknown)
        .bindOrCreate("relman.notifications", NotificationProperties.class))
        .hasMessageContaining("relman.notifications.events");
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    var retry = new NotificationProperties.Retry(8, Duration.ofSeconds(30), Duration.ofMinutes(3));
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(retry::backoffAfter).toList()).containsExactly(Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(3));
  }

  @Test
  void webhookSecretsAreNotShown() {
    assertThat(Deliveries.redact(HOOK)).isEqualTo("https://hooks.slack.com/…");
    assertThat(Deliveries.redact("http://127.0.0.1:8080/hooks/x?token=1")).isEqualTo("http://127.0.0.1:8080/…");
  }
}
