package org.relman.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** How the pages write times and names, as {@code ${@fmt.when(...)}} in the templates: UTC, minutes, one format. */
@Component("fmt")
public class PageFormat {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  public String when(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }

  public String exactly(Instant at) {
    return at == null ? "" : SECONDS.format(at);
  }

  /** {@code AWAITING_APPROVAL} as "awaiting approval". */
  public String words(Object constant) {
    return constant == null ? "" : constant.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
  }
}
