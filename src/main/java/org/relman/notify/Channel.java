package org.relman.notify;

import java.util.Locale;

/** How a notification travels. */
public enum Channel {
  EMAIL, SLACK;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
