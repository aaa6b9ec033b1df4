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

  /** A duration in seconds the way people say it: "45 s", "12 min", "3 h 20 min", "2 d 4 h"; "no data" for null. */
  public String duration(Long seconds) {
    if (seconds == null) {
      return "no data";
    }
    long s = seconds;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3_600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3_600 + " h" + (s % 3_600 / 60 == 0 ? "" : " " + s % 3_600 / 60 + " min");
    }
    return s / 86_400 + " d" + (s % 86_400 / 3_600 == 0 ? "" : " " + s % 86_400 / 3_600 + " h");
  }
}
