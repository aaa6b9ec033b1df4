package org.relman.web;

import java.security.Principal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.relman.calendar.Freeze;
import org.relman.calendar.FreezeRequest;
import org.relman.calendar.FreezeService;
import org.relman.calendar.Freezes;
import org.relman.calendar.ReleaseCalendar;
import org.relman.shared.NotFound;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The calendar: release windows and freeze occurrences by month or week (in UTC), conflicts and releases inside a
 * freeze marked, as {@code GET /api/calendar} answers them. Release managers declare and lift freezes here; the
 * security rules refuse those forms to everyone else, as the API does, and {@link FreezeService} checks a freeze the
 * same way for both.
 */
@Controller
class CalendarPage {

  private final ReleaseCalendar calendar;
  private final Freezes freezes;
  private final FreezeService service;
  private final Clock clock;

  CalendarPage(ReleaseCalendar calendar, Freezes freezes, FreezeService service, Clock clock) {
    this.calendar = calendar;
    this.freezes = freezes;
    this.service = service;
    this.clock = clock;
  }

  /** The freeze form as typed: times are local to {@code zone}, services separated by commas or spaces. */
  public record FreezeForm(String name, String kind, String start, String end, String cron, String duration,
      String zone, String services) {

    static FreezeForm empty() {
      return new FreezeForm("", "once", "", "", "0 0 18 * * FRI", "PT62H", "UTC", "");
    }

    boolean recurring() {
      return "recurring".equals(kind);
    }
  }

  /** A release window on the calendar, with what it collides with. */
  public record Entry(ReleaseCalendar.Window window, List<String> conflictsWith, List<String> inFreezes) {

    public boolean marked() {
      return !conflictsWith.isEmpty() || !inFreezes.isEmpty();
    }
  }

  /** One day of the grid: the windows starting that day and the freeze occurrences covering part of it. */
  public record Day(LocalDate date, boolean inRange, boolean today, List<Entry> releases,
      List<Freeze.Occurrence> freezes) {

    public boolean empty() {
      return releases.isEmpty() && freezes.isEmpty();
    }

    /** "Mon 7 Dec" */
    public String label() {
      return java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH).format(date);
    }
  }

  @GetMapping("/calendar")
  String calendar(@RequestParam(required = false) String view, @RequestParam(required = false) String date,
      Model model, HttpServletResponse response) {
    Map<String, String> errors = new LinkedHashMap<>();
    String shown = view == null || view.isBlank() ? "month" : view.strip();
    if (!shown.equals("month") && !shown.equals("week")) {
      errors.put("view", "'" + view + "' is not a view: month or week");
      shown = "month";
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate day = today;
    if (date != null && !date.isBlank()) {
      try {
        day = LocalDate.parse(date.strip());
        if (day.getYear() < 1970 || day.getYear() > 9998) {
          errors.put("date", "must be between 1970-01-01 and 9998-12-31");
          day = today;
        }
      } catch (DateTimeParseException e) {
        errors.put("date", "'" + date + "' is not a date such as 2026-12-03");
      }
    }
    if (!errors.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    if (!model.containsAttribute("freeze")) {
      model.addAttribute("freeze", FreezeForm.empty());
    }
    fill(model, shown, day, today);
    model.addAttribute("errors", errors);
    model.addAttribute("view", shown);
    return "calendar";
  }

  @PostMapping("/calendar/freezes")
  String create(@ModelAttribute("freeze") FreezeForm form, Principal user, Model model,
      RedirectAttributes redirect, HttpServletResponse response) {
    Map<String, String> errors = new LinkedHashMap<>();
    FreezeRequest request = request(form, errors);
    // a time that did not parse keeps its own message, not "is required" about a field that was filled in
    java.util.Set<String> unreadable = java.util.Set.copyOf(errors.keySet());
    service.validate(request).stream()
        .filter(p -> !unreadable.contains(formField(p.field())))
        .forEach(p -> errors.merge(formField(p.field()), p.message(), (a, b) -> a + "; " + b));
    if (!errors.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      fill(model, "month", today, today);
      model.addAttribute("view", "month");
      model.addAttribute("errors", Map.of());
      model.addAttribute("freezeErrors", errors);
      return "calendar";
    }
    Freeze freeze = service.create(request, user.getName());
    redirect.addFlashAttribute("notice", "Freeze “" + freeze.name() + "” declared.");
    Instant first = freeze.start() != null ? freeze.start()
        : freeze.occurrences(clock.instant(), clock.instant().plus(java.time.Duration.ofDays(366))).stream()
            .map(Freeze.Occurrence::start).findFirst().orElse(clock.instant());
    return "redirect:/calendar?view=month&date=" + LocalDate.ofInstant(first, ZoneOffset.UTC);
  }

  @PostMapping("/calendar/freezes/{id}/delete")
  String delete(@PathVariable long id, Principal user, RedirectAttributes redirect) {
    try {
      String name = freezes.find(id).map(Freeze::name).orElse("#" + id);
      service.delete(id, user.getName());
      redirect.addFlashAttribute("notice", "Freeze “" + name + "” lifted.");
    } catch (NotFound e) {
      redirect.addFlashAttribute("problem", e.getMessage() + " (any more).");
    }
    return "redirect:/calendar";
  }

  /** The form as the API's request; a time or zone that does not parse is named and left out. */
  private static FreezeRequest request(FreezeForm form, Map<String, String> errors) {
    List<String> services = form.services() == null || form.services().isBlank() ? List.of()
        : Arrays.stream(form.services().strip().split("[,\\s]+")).toList();
    if (form.recurring()) {
      return new FreezeRequest(form.name(), null, null,
          new FreezeRequest.Recurrence(form.cron(), form.duration(), form.zone()), services);
    }
    ZoneId zone = ZoneOffset.UTC;
    if (form.zone() != null && !form.zone().isBlank()) {
      try {
        zone = ZoneId.of(form.zone().strip());
      } catch (DateTimeException e) {
        errors.put("zone", "'" + form.zone() + "' is not a time zone such as Europe/Berlin");
      }
    }
    return new FreezeRequest(form.name(), instant(form.start(), zone, "start", errors),
        instant(form.end(), zone, "end", errors), null, services);
  }

  private static Instant instant(String text, ZoneId zone, String field, Map<String, String> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      LocalDateTime local = LocalDateTime.parse(text.strip());
      if (local.getYear() < 1 || local.getYear() > 9999) {
        // as the API says of an instant it cannot store (http.StrictJson)
        errors.put(field, "'" + text + "' is out of range: an instant between years 0001 and 9999");
        return null;
      }
      return local.atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      errors.put(field, "'" + text + "' is not a date and time such as 2026-12-24T18:00");
      return null;
    }
  }

  /** The API's field names ({@code recurrence.cron}, {@code services[0]}) as the form's. */
  private static String formField(String field) {
    if (field.startsWith("recurrence.")) {
      return field.substring("recurrence.".length());
    }
    if (field.equals("recurrence")) {
      return "kind";
    }
    if (field.startsWith("services")) {
      return "services";
    }
    return field;
  }

  private void fill(Model model, String view, LocalDate day, LocalDate today) {
    LocalDate first;
    LocalDate last;
    if (view.equals("week")) {
      first = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      last = first.plusDays(6);
      model.addAttribute("previous", first.minusWeeks(1));
      model.addAttribute("next", first.plusWeeks(1));
      model.addAttribute("heading", "Week of " + first);
    } else {
      first = day.withDayOfMonth(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      last = day.with(TemporalAdjusters.lastDayOfMonth()).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
      model.addAttribute("previous", day.withDayOfMonth(1).minusMonths(1));
      model.addAttribute("next", day.withDayOfMonth(1).plusMonths(1));
      model.addAttribute("heading", day.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
          + " " + day.getYear());
    }
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    ReleaseCalendar.View shown = calendar.between(from, to);

    Map<Long, List<String>> conflicts = new HashMap<>();
    for (ReleaseCalendar.Conflict conflict : shown.conflicts()) {
      for (int i = 0; i < 2; i++) {
        conflicts.computeIfAbsent(conflict.releaseIds().get(i), k -> new ArrayList<>())
            .add(conflict.versions().get(1 - i) + " (" + String.join(", ", conflict.services()) + ")");
      }
    }
    List<Day> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      Instant dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant dayEnd = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      List<Entry> releases = new ArrayList<>();
      for (ReleaseCalendar.Window window : shown.releases()) {
        if (!window.start().isBefore(dayStart) && window.start().isBefore(dayEnd)) {
          List<String> inFreezes = shown.freezes().stream()
              .filter(o -> o.start().isBefore(window.end()) && window.start().isBefore(o.end()))
              .filter(o -> o.services().isEmpty() || window.services().stream().anyMatch(o.services()::contains))
              .map(Freeze.Occurrence::name).distinct().toList();
          releases.add(new Entry(window, conflicts.getOrDefault(window.releaseId(), List.of()), inFreezes));
        }
      }
      List<Freeze.Occurrence> covering = shown.freezes().stream()
          .filter(o -> o.start().isBefore(dayEnd) && dayStart.isBefore(o.end())).toList();
      boolean inRange = view.equals("week") || d.getMonth() == (day.getMonth());
      days.add(new Day(d, inRange, d.equals(today), releases, covering));
    }
    model.addAttribute("days", days);
    model.addAttribute("nothing", days.stream().allMatch(Day::empty));
    model.addAttribute("date", day);
    model.addAttribute("today", today);
    model.addAttribute("conflictCount", shown.conflicts().size());
    model.addAttribute("activeFreezes", freezes.active());
  }
}
