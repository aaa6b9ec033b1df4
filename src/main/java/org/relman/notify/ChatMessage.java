package org.relman.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as chat shows it: the subject as headline, the first paragraph of the body as summary, its
 * {@code Name: value} lines as facts, and a button to the release's page. Built from the delivery the outbox holds, so
 * what chat shows is what e-mail says. Slack's {@code mrkdwn} gets {@code &}, {@code <} and {@code >} escaped, so text
 * people wrote (a reasoning, a reason) cannot mention {@code @channel} or hide a link; a card's text is set as plain
 * text blocks and facts, which Teams shows without acting on it.
 */
record ChatMessage(String subject, String summary, List<Fact> facts, String page) {

  /** Slack limits: a header's text, a section's text. */
  private static final int HEADER = 150;
  private static final int SECTION = 3000;

  /** One {@code Name: value} line of the body (a value may run over indented lines). */
  record Fact(String name, String value) {}

  static ChatMessage of(Delivery delivery, String page) {
    String body = delivery.body() == null ? "" : delivery.body().replace("\r\n", "\n");
    int split = body.indexOf("\n\n");
    String summary = split < 0 ? body.strip() : body.substring(0, split).strip();
    List<Fact> facts = new ArrayList<>();
    if (split >= 0) {
      for (String line : body.substring(split + 2).split("\n")) {
        int colon = line.indexOf(": ");
        if (line.startsWith("  ") && !facts.isEmpty()) {
          Fact last = facts.remove(facts.size() - 1);
          facts.add(new Fact(last.name(), last.value() + "\n" + line.strip()));
        } else if (colon > 0) {
          facts.add(new Fact(line.substring(0, colon), line.substring(colon + 2)));
        }
      }
    }
    // the link is the button
    facts.removeIf(f -> f.name().equals("Link"));
    return new ChatMessage(delivery.subject(), summary, List.copyOf(facts), page);
  }

  /** The message as before: {@code {"text": "*subject*\nbody"}}, for every Slack-compatible chat. */
  static Map<String, Object> text(Delivery delivery) {
    return Map.of("text", "*" + delivery.subject() + "*\n" + delivery.body());
  }

  /** Slack's Block Kit, with the plain text as the notification's fallback. */
  Map<String, Object> slackBlocks() {
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(subject, HEADER), "emoji", false)));
    blocks.add(section(mrkdwn(summary)));
    if (!facts.isEmpty()) {
      StringBuilder lines = new StringBuilder();
      for (Fact fact : facts) {
        lines.append('*').append(mrkdwn(fact.name())).append(":* ").append(mrkdwn(fact.value())).append('\n');
      }
      blocks.add(section(lines.toString().strip()));
    }
    blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "action_id", "open-release",
        "text", Map.of("type", "plain_text", "text", "Open release"), "url", page))));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("text", mrkdwn(subject + "\n" + summary + "\n" + page));
    message.put("blocks", blocks);
    return message;
  }

  /** A Microsoft Teams message with one Adaptive Card, as a Workflows webhook takes it. */
  Map<String, Object> teamsCard() {
    List<Object> body = new ArrayList<>();
    body.add(Map.of("type", "TextBlock", "text", subject, "weight", "Bolder", "size", "Medium", "wrap", true));
    body.add(Map.of("type", "TextBlock", "text", summary, "wrap", true));
    if (!facts.isEmpty()) {
      body.add(Map.of("type", "FactSet", "facts", facts.stream().map(f -> Map.of("title", f.name(), "value", f.value()))
          .toList()));
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open release", "url", page)));
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  private static Map<String, Object> section(String mrkdwn) {
    return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(mrkdwn, SECTION)));
  }

  /** Slack's control characters in text: everything else is shown as written. */
  static String mrkdwn(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
