package org.relman.notify;

import java.util.Locale;

/** How a notification travels: e-mail, a Slack-compatible webhook, or a Microsoft Teams webhook. */
public enum Channel {
  EMAIL, SLACK, TEAMS;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
