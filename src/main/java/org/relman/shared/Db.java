package org.relman.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Instants are stored as UTC wall-clock DATETIME(3) values, written as text ({@code 2026-12-03 10:00:00.123}) and read
 * as {@link LocalDateTime}: neither H2 nor Connector/J shifts those by the JVM or session time zone, so a row written in
 * Berlin reads back the same in Tokyo, which the audit hash chain depends on. Text, because Connector/J takes MariaDB
 * (which announces itself as "5.5.5-10.x") for a server without fractional seconds and drops the milliseconds of
 * temporal parameters.
 */
public final class Db {

  private Db() {}

  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  public static String param(Instant instant) {
    return instant == null ? null : TEXT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  public static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** Ids per IN list: well under what any database takes in one statement. */
  public static final int IN_LIST = 500;

  /** {@code ids} in slices of at most {@link #IN_LIST}, for reading many rows by id a few hundred at a time. */
  public static <T> List<List<T>> inLists(Collection<T> ids) {
    List<T> all = List.copyOf(ids);
    List<List<T>> slices = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IN_LIST) {
      slices.add(all.subList(from, Math.min(all.size(), from + IN_LIST)));
    }
    return slices;
  }

  /** The precision relman keeps for every instant it stores. */
  public static Instant now(java.time.Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
