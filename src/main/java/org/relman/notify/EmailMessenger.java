package org.relman.notify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Plain-text e-mail through the SMTP server of {@code spring.mail.*}. JavaMail waits forever on a server that accepts
 * the connection and then says nothing; unless {@code spring.mail.properties} sets them, the SMTP timeouts are
 * {@code relman.notifications.timeout}.
 */
@Component
class EmailMessenger implements Messenger {

  private static final String[] TIMEOUTS = {"mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout"};

  private final ObjectProvider<JavaMailSender> senders;
  private final NotificationProperties properties;

  EmailMessenger(ObjectProvider<JavaMailSender> senders, NotificationProperties properties) {
    this.senders = senders;
    this.properties = properties;
    senders.ifAvailable(sender -> {
      if (sender instanceof JavaMailSenderImpl impl) {
        String millis = String.valueOf(properties.timeout().toMillis());
        Arrays.stream(TIMEOUTS).forEach(key -> impl.getJavaMailProperties().putIfAbsent(key, millis));
      }
    });
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public void send(Delivery delivery) throws Exception {
    JavaMailSender sender = senders.getIfAvailable();
    if (sender == null) {
      throw new IllegalStateException("no SMTP server configured (spring.mail.host)");
    }
    MimeMessage message = sender.createMimeMessage();
    MimeMessageHelper mail = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
    mail.setTo(delivery.target().split(","));
    String from = properties.email().from();
    if (from != null && !from.isBlank()) {
      mail.setFrom(from.strip());
    } else {
      try {
        // JavaMail's own: mail.from (spring.mail.properties.mail.from), else the local user at this host
        message.setFrom();
      } catch (jakarta.mail.MessagingException e) {
        // no sender JavaMail can name: the SMTP server decides
      }
    }
    mail.setSubject(delivery.subject());
    mail.setText(delivery.body());
    sender.send(message);
  }
}
