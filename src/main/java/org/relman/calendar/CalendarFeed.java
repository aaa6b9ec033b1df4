package org.relman.calendar;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The release calendar as an iCalendar feed (RFC 5545) for calendar apps to subscribe to. Every release window is one
 * event whose UID never changes ({@code release-<id>@relman}), so a reschedule replaces the event in the subscriber's
 * calendar: SEQUENCE counts the reschedules (plus one once cancelled), LAST-MODIFIED and DTSTAMP are the release's last
 * change. A cancelled release stays in the feed as STATUS:CANCELLED; a release not yet decided is TENTATIVE. Each
 * occurrence of a freeze is an event of its own ({@code freeze-<id>-<start, UTC>@relman}): recurring freezes are Spring
 * cron expressions whose occurrences RRULE cannot always express, so the feed lists the concrete ones. Times are UTC.
 */
@Component
class CalendarFeed {

  static final String PRODUCT = "-//relman//Release calendar//EN";
  private static final DateTimeFormatter UID_INSTANT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> UNDECIDED = List.of("PLANNING", "GATING", "AWAITING_APPROVAL");

  private final NamedParameterJdbcTemplate jdbc;
  private final Freezes freezes;
  private final Duration windowDuration;

  CalendarFeed(NamedParameterJdbcTemplate jdbc, Freezes freezes, RelmanProperties properties) {
    this.jdbc = jdbc;
    this.freezes = freezes;
    this.windowDuration = properties.calendar().windowDuration();
  }

  /** The feed of [from, to): release windows that overlap it (cancelled ones too) and freeze occurrences. */
  String between(Instant from, Instant to, String baseUrl) {
    Calendar calendar = new Calendar().withProdId(PRODUCT).withDefaults()
        .withProperty(new XProperty("X-WR-CALNAME", "relman releases and freezes"))
        .withProperty(new XProperty("X-WR-CALDESC", "Release windows and freeze windows from " + from + " to " + to))
        .getFluentTarget();
    for (Row release : releases(from, to)) {
      calendar.add(event(release, baseUrl));
    }
    List<Freeze.Occurrence> occurrences = new ArrayList<>();
    Map<Long, Freeze> byId = new HashMap<>();
    for (Freeze freeze : freezes.active()) {
      byId.put(freeze.id(), freeze);
      occurrences.addAll(freeze.occurrences(from, to));
    }
    occurrences.sort(java.util.Comparator.comparing(Freeze.Occurrence::start).thenComparing(Freeze.Occurrence::freezeId));
    for (Freeze.Occurrence occurrence : occurrences) {
      calendar.add(event(occurrence, byId.get(occurrence.freezeId())));
    }
    return calendar.toString();
  }

  private VEvent event(Row release, String baseUrl) {
    String kind = release.hotfix() ? "Hotfix " : "Release ";
    VEvent event = new VEvent(release.start(), release.start().plus(windowDuration),
        kind + release.version() + " (" + String.join(", ", release.services()) + ")");
    // the release's page, where people follow it (its JSON is at /api/releases/{id})
    URI link = URI.create(baseUrl + "/releases/" + release.id());
    StringBuilder description = new StringBuilder()
        .append("Status: ").append(release.status());
    if (release.name() != null) {
      description.append("\nName: ").append(release.name());
    }
    description.append("\nServices: ").append(String.join(", ", release.services()));
    if (release.reschedules() > 0) {
      description.append("\nRescheduled ").append(release.reschedules()).append(release.reschedules() == 1 ? " time" : " times");
    }
    if (release.cancelReason() != null) {
      description.append("\nCancelled: ").append(release.cancelReason());
    }
    description.append("\n").append(link);
    event.replace(new DtStamp(release.modified()));
    event.add(new Uid("release-" + release.id() + "@relman"));
    event.add(new Sequence(release.reschedules() + (release.status().equals("CANCELLED") ? 1 : 0)));
    event.add(new LastModified(release.modified()));
    event.add(new Description(description.toString()));
    event.add(new Url(link));
    event.add(new Categories("release"));
    event.add(release.status().equals("CANCELLED") ? new Status(Status.VALUE_CANCELLED)
        : UNDECIDED.contains(release.status()) ? new Status(Status.VALUE_TENTATIVE) : new Status(Status.VALUE_CONFIRMED));
    return event;
  }

  private static VEvent event(Freeze.Occurrence occurrence, Freeze freeze) {
    String scope = occurrence.services().isEmpty() ? "all services" : String.join(", ", occurrence.services());
    VEvent event = new VEvent(occurrence.start(), occurrence.end(), "Freeze: " + occurrence.name() + " (" + scope + ")");
    StringBuilder description = new StringBuilder("Freeze window for ").append(scope).append('.');
    if (freeze.recurrence() != null) {
      description.append("\nRecurs: ").append(freeze.recurrence().cron()).append(" for ")
          .append(freeze.recurrence().duration()).append(" in ").append(freeze.recurrence().zone());
    }
    description.append("\nReleases of these services in this window need a freeze exception.");
    event.replace(new DtStamp(freeze.createdAt()));
    event.add(new Uid("freeze-" + occurrence.freezeId() + "-" + UID_INSTANT.format(occurrence.start()) + "@relman"));
    event.add(new Sequence(0));
    event.add(new LastModified(freeze.createdAt()));
    event.add(new Description(description.toString()));
    event.add(new Categories("freeze"));
    event.add(new Transp(Transp.VALUE_TRANSPARENT));
    event.add(new Status(Status.VALUE_CONFIRMED));
    return event;
  }

  /** A release in the feed: its window, what it is, and what has happened to it that subscribers must see. */
  private record Row(long id, String version, String name, boolean hotfix, String status, Instant start,
      List<String> services, int reschedules, String cancelReason, Instant modified) {}

  private List<Row> releases(Instant from, Instant to) {
    var params = new MapSqlParameterSource()
        .addValue("from", Db.param(from.minus(windowDuration)))
        .addValue("to", Db.param(to));
    // reschedules are counted from the audit trail: the release row keeps only the current planned start
    List<Row> rows = jdbc.query("SELECT r.id, r.version, r.name, r.hotfix, r.status, r.planned_start, r.requested_at,"
        + " r.status_changed_at, r.cancel_reason,"
        + " (SELECT COUNT(*) FROM audit_events a WHERE a.release_id = r.id AND a.action = 'release.rescheduled') AS reschedules,"
        + " (SELECT MAX(a.at) FROM audit_events a WHERE a.release_id = r.id AND a.action = 'release.rescheduled') AS rescheduled_at"
        + " FROM releases r WHERE r.planned_start > :from AND r.planned_start < :to ORDER BY r.planned_start, r.id",
        params, (rs, n) -> {
          Instant modified = latest(Db.instant(rs, "requested_at"), Db.instant(rs, "status_changed_at"),
              Db.instant(rs, "rescheduled_at"));
          return new Row(rs.getLong("id"), rs.getString("version"), rs.getString("name"), rs.getBoolean("hotfix"),
              rs.getString("status"), Db.instant(rs, "planned_start"), List.of(), rs.getInt("reschedules"),
              rs.getString("cancel_reason"), modified);
        });
    if (rows.isEmpty()) {
      return rows;
    }
    Map<Long, List<String>> services = new HashMap<>();
    jdbc.query("SELECT release_id, service FROM release_services WHERE release_id IN (:ids) ORDER BY release_id, position",
        new MapSqlParameterSource("ids", rows.stream().map(Row::id).toList()),
        rs -> { services.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)); });
    return rows.stream().map(r -> new Row(r.id(), r.version(), r.name(), r.hotfix(), r.status(), r.start(),
        services.getOrDefault(r.id(), List.of()), r.reschedules(), r.cancelReason(), r.modified())).toList();
  }

  private static Instant latest(Instant... instants) {
    Instant latest = null;
    for (Instant instant : instants) {
      if (instant != null && (latest == null || instant.isAfter(latest))) {
        latest = instant;
      }
    }
    return latest;
  }
}
