package org.relman.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.release.Release;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What ships when. A release's window runs from its planned start for {@code relman.calendar.window-duration}; two
 * releases conflict when they touch a common service and their windows overlap; a freeze applies to a release when
 * one of its occurrences covers the window's start and names one of the release's services (or none).
 */
@Component
public class ReleaseCalendar {

  /** A release on the calendar. */
  public record Window(long releaseId, String version, String name, List<String> services, String status, Instant start,
      Instant end) {

    boolean overlaps(Window other) {
      return start.isBefore(other.end) && other.start.isBefore(end);
    }
  }

  /** Two releases of a common service whose windows overlap. */
  public record Conflict(List<Long> releaseIds, List<String> versions, List<String> services, Instant start, Instant end) {}

  /** The calendar between two instants. */
  public record View(Instant from, Instant to, List<Window> releases, List<Freeze.Occurrence> freezes, List<Conflict> conflicts) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final Freezes freezes;
  private final Duration windowDuration;

  ReleaseCalendar(NamedParameterJdbcTemplate jdbc, Freezes freezes, RelmanProperties properties) {
    this.jdbc = jdbc;
    this.freezes = freezes;
    this.windowDuration = properties.calendar().windowDuration();
  }

  public View between(Instant from, Instant to) {
    List<Window> windows = windows(from, to);
    List<Freeze.Occurrence> occurrences = new ArrayList<>();
    freezes.active().forEach(freeze -> occurrences.addAll(freeze.occurrences(from, to)));
    occurrences.sort(Comparator.comparing(Freeze.Occurrence::start));
    return new View(from, to, windows, occurrences, conflicts(windows));
  }

  /**
   * The freeze occurrences that overlap the release's window (planned start plus window duration) and apply to its
   * services.
   */
  public List<Freeze.Occurrence> freezesAt(Release release) {
    return freezesAt(release, Instant.MIN);
  }

  /** Like {@link #freezesAt(Release)}, counting only the freezes created after {@code createdAfter}. */
  public List<Freeze.Occurrence> freezesAt(Release release, Instant createdAfter) {
    Instant start = release.plannedStart();
    List<Freeze.Occurrence> overlapping = new ArrayList<>();
    for (Freeze freeze : freezes.active()) {
      if (freeze.createdAt() != null && !freeze.createdAt().isAfter(createdAfter)) {
        continue;
      }
      // a deployment that starts before a freeze but would still run in it is inside it too
      freeze.occurrences(start, start.plus(windowDuration)).stream()
          .filter(o -> o.appliesTo(release.services()))
          .forEach(overlapping::add);
    }
    return overlapping;
  }

  /** Other releases of a common service whose windows overlap this release's window. */
  public List<Conflict> conflictsOf(Release release) {
    Window own = new Window(release.id(), release.version(), release.name(), release.services(), release.status().name(),
        release.plannedStart(), release.plannedStart().plus(windowDuration));
    List<Window> around = windows(own.start().minus(windowDuration), own.end());
    around.removeIf(w -> w.releaseId() == release.id());
    List<Conflict> conflicts = new ArrayList<>();
    for (Window other : around) {
      conflict(own, other).ifPresent(conflicts::add);
    }
    return conflicts;
  }

  private List<Conflict> conflicts(List<Window> windows) {
    List<Conflict> conflicts = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      for (int j = i + 1; j < windows.size(); j++) {
        conflict(windows.get(i), windows.get(j)).ifPresent(conflicts::add);
      }
    }
    return conflicts;
  }

  private static java.util.Optional<Conflict> conflict(Window a, Window b) {
    List<String> common = a.services().stream().filter(b.services()::contains).toList();
    if (common.isEmpty() || !a.overlaps(b)) {
      return java.util.Optional.empty();
    }
    Instant start = a.start().isAfter(b.start()) ? a.start() : b.start();
    Instant end = a.end().isBefore(b.end()) ? a.end() : b.end();
    return java.util.Optional.of(new Conflict(List.of(a.releaseId(), b.releaseId()), List.of(a.version(), b.version()),
        common, start, end));
  }

  /** Releases (not cancelled) whose windows overlap [from, to). */
  private List<Window> windows(Instant from, Instant to) {
    var params = new MapSqlParameterSource()
        .addValue("from", Db.param(from.minus(windowDuration)))
        .addValue("to", Db.param(to));
    List<Window> rows = jdbc.query("SELECT id, version, name, status, planned_start FROM releases"
            + " WHERE planned_start > :from AND planned_start < :to AND status <> 'CANCELLED' ORDER BY planned_start, id",
        params, (rs, n) -> {
          Instant start = Db.instant(rs, "planned_start");
          return new Window(rs.getLong("id"), rs.getString("version"), rs.getString("name"), List.of(),
              rs.getString("status"), start, start.plus(windowDuration));
        });
    if (rows.isEmpty()) {
      return new ArrayList<>();
    }
    Map<Long, List<String>> services = new HashMap<>();
    jdbc.query("SELECT release_id, service FROM release_services WHERE release_id IN (:ids) ORDER BY release_id, position",
        new MapSqlParameterSource("ids", rows.stream().map(Window::releaseId).toList()),
        rs -> { services.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)); });
    List<Window> windows = new ArrayList<>();
    for (Window w : rows) {
      windows.add(new Window(w.releaseId(), w.version(), w.name(), services.getOrDefault(w.releaseId(), List.of()),
          w.status(), w.start(), w.end()));
    }
    return windows;
  }
}
