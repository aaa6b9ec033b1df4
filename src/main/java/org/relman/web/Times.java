package org.relman.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * How the pages write instants: in UTC, to the minute, as every page says ("times in UTC"). Templates reach it as
 * {@code ${@times.text(instant)}}; {@code <time datetime>} carries the exact instant.
 */
@Component("times")
public class Times {

  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  public String text(Instant instant) {
    return instant == null ? "" : TEXT.format(instant);
  }

  public String clock(Instant instant) {
    return instant == null ? "" : CLOCK.format(instant);
  }
}
