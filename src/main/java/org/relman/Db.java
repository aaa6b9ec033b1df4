package org.relman;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants are stored as UTC wall-clock DATETIME(3) values through {@link LocalDateTime}, which neither H2 nor
 * Connector/J shifts by the JVM or session time zone: a row written in Berlin reads back the same in Tokyo, which
 * the audit hash chain depends on.
 */
public final class Db {

  private Db() {}

  public static LocalDateTime param(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  public static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** The precision relman keeps for every instant it stores. */
  public static Instant now(java.time.Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
