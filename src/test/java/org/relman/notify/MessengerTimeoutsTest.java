package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A server that accepts the connection and then never says a word is worse than a dead one: without timeouts JavaMail
 * and the HTTP client would wait forever and hold up every later notification. Each attempt ends within
 * {@code relman.notifications.timeout}, against a real socket that swallows the connection.
 */
class MessengerTimeoutsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private ServerSocket blackHole;
  private final List<Socket> swallowed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void openBlackHole() throws IOException {
    blackHole = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!blackHole.isClosed()) {
        try {
          swallowed.add(blackHole.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    blackHole.close();
    for (Socket socket : swallowed) {
      socket.close();
    }
  }

  private static NotificationProperties settings() {
    return new NotificationProperties(new NotificationProperties.Email(List.of("releases@example.org"), null, "[relman]"),
        new NotificationProperties.Slack(null), null, Map.of(),
        new NotificationProperties.Retry(3, Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofSeconds(10), TIMEOUT);
  }

  private Delivery delivery(Channel channel, String target) {
    return new Delivery(1, 1, MilestoneEvent.COMPLETED, channel, target, "[relman] 1.0 completed", "done", Delivery.PENDING,
        0, Instant.now(), Instant.now(), null, null, null);
  }

  @Test
  void smtpServerThatNeverGreetsFailsTheAttemptWithinTheTimeout() {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(blackHole.getLocalPort());
    var beans = new StaticListableBeanFactory(Map.of("mailSender", sender));
    var email = new EmailMessenger(beans.getBeanProvider(JavaMailSender.class), settings());

    long start = System.nanoTime();
    assertThatThrownBy(() -> email.send(delivery(Channel.EMAIL, "releases@example.org")))
        .hasStackTraceContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(5));
    assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "1000");
  }

  @Test
  void smtpTimeoutsSetByTheOperatorAreKept() {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.getJavaMailProperties().put("mail.smtp.timeout", "60000");
    new EmailMessenger(new StaticListableBeanFactory(Map.of("mailSender", sender)).getBeanProvider(JavaMailSender.class),
        settings());

    assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "60000")
        .containsEntry("mail.smtp.connectiontimeout", "1000");
  }

  @Test
  void webhookThatNeverAnswersFailsTheAttemptWithinTheTimeout() {
    var slack = new SlackMessenger(new ObjectMapper(), settings(), null, new org.springframework.mock.env.MockEnvironment());

    long start = System.nanoTime();
    assertThatThrownBy(() -> slack.send(delivery(Channel.SLACK, "http://127.0.0.1:" + blackHole.getLocalPort() + "/hook")))
        .isInstanceOf(java.net.http.HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(5));
  }

  @Test
  void withoutAnSmtpServerTheAttemptFailsSayingSo() {
    var email = new EmailMessenger(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), settings());

    assertThatThrownBy(() -> email.send(delivery(Channel.EMAIL, "releases@example.org")))
        .hasMessageContaining("no SMTP server configured (spring.mail.host)");
  }
}
