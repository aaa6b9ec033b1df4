package org.relman.calendar;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Freeze windows; a deleted freeze is kept (with who deleted it) but no longer applies. */
@Repository
public class Freezes {

  private final JdbcTemplate jdbc;

  Freezes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Freeze insert(String name, Instant start, Instant end, Freeze.Recurrence recurrence, List<String> services, String by,
      Instant at) {
    var key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO freezes (name, starts_at, ends_at, cron, duration, zone, created_by,"
          + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
      ps.setString(1, name);
      ps.setObject(2, Db.param(start));
      ps.setObject(3, Db.param(end));
      ps.setString(4, recurrence == null ? null : recurrence.cron());
      ps.setString(5, recurrence == null ? null : recurrence.duration().toString());
      ps.setString(6, recurrence == null ? null : recurrence.zone().getId());
      ps.setString(7, by);
      ps.setObject(8, Db.param(at));
      return ps;
    }, key);
    long id = key.getKey().longValue();
    jdbc.batchUpdate("INSERT INTO freeze_services (freeze_id, service) VALUES (?, ?)",
        services.stream().map(s -> new Object[] {id, s}).toList());
    return find(id).orElseThrow();
  }

  /** Every freeze that applies (not deleted). */
  public List<Freeze> active() {
    return load(jdbc.query("SELECT * FROM freezes WHERE deleted_at IS NULL ORDER BY id", this::row));
  }

  public Optional<Freeze> find(long id) {
    return load(jdbc.query("SELECT * FROM freezes WHERE id = ? AND deleted_at IS NULL", this::row, id)).stream().findFirst();
  }

  boolean delete(long id, String by, Instant at) {
    return jdbc.update("UPDATE freezes SET deleted_by = ?, deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
        by, Db.param(at), id) == 1;
  }

  private List<Freeze> load(List<Freeze> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    Map<Long, List<String>> services = new HashMap<>();
    jdbc.query("SELECT freeze_id, service FROM freeze_services ORDER BY service",
        rs -> { services.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)); });
    return rows.stream().map(f -> new Freeze(f.id(), f.name(), f.start(), f.end(), f.recurrence(),
        services.getOrDefault(f.id(), List.of()), f.createdBy(), f.createdAt())).toList();
  }

  private Freeze row(ResultSet rs, int n) throws SQLException {
    String cron = rs.getString("cron");
    Freeze.Recurrence recurrence = cron == null ? null
        : new Freeze.Recurrence(cron, Duration.parse(rs.getString("duration")), ZoneId.of(rs.getString("zone")));
    return new Freeze(rs.getLong("id"), rs.getString("name"), Db.instant(rs, "starts_at"), Db.instant(rs, "ends_at"),
        recurrence, List.of(), rs.getString("created_by"), Db.instant(rs, "created_at"));
  }
}
