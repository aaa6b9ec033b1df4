package org.relman.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.relman.release.Release;
import org.relman.release.ReleaseStatus;
import org.relman.release.Releases;
import org.relman.process.ProcessProgress;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The board: releases newest planned start first, filtered by status, service and planned start, searched by the start
 * of their version, a page at a time. htmx asks for the rows alone (to refresh them, or after a filter changed).
 */
@Controller
class Board {

  static final int PAGE_SIZE = 25;
  /** The board counts this far: beyond, it says "10,000+" (an exact count of 100,000 rows on every refresh costs). */
  static final long COUNT_UP_TO = 10_000;
  private static final Pattern VERSION_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,64}");

  private final Releases releases;
  private final ProcessProgress progress;

  Board(Releases releases, ProcessProgress progress) {
    this.releases = releases;
    this.progress = progress;
  }

  /** A row of the board; {@code currentSteps} is empty once the release has ended. */
  record Row(long id, String version, String name, List<String> services, Instant plannedStart, String requestedBy,
      ReleaseStatus status, boolean hotfix, List<String> currentSteps) {}

  /** The filters as the person typed them, and what is wrong with them (field to message). */
  record Filters(String status, String service, String from, String to, String version, int page) {

    Map<String, String> query(int toPage) {
      Map<String, String> query = new LinkedHashMap<>();
      put(query, "status", status);
      put(query, "service", service);
      put(query, "from", from);
      put(query, "to", to);
      put(query, "version", version);
      if (toPage > 0) {
        query.put("page", String.valueOf(toPage));
      }
      return query;
    }

    String link(int toPage) {
      var uri = UriComponentsBuilder.fromPath("/releases");
      query(toPage).forEach(uri::queryParam);
      return uri.encode().build().toUriString();
    }

    private static void put(Map<String, String> query, String name, String value) {
      if (value != null && !value.isBlank()) {
        query.put(name, value.strip());
      }
    }
  }

  @GetMapping("/releases")
  String board(@RequestParam(required = false) String status, @RequestParam(required = false) String service,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String version, @RequestParam(required = false) String page,
      @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, HttpServletResponse response) {
    Map<String, String> problems = new LinkedHashMap<>();
    ReleaseStatus wanted = null;
    if (present(status)) {
      try {
        wanted = ReleaseStatus.valueOf(status.strip());
      } catch (IllegalArgumentException e) {
        problems.put("status", "is not a release status");
      }
    }
    if (present(service) && !SERVICE.matcher(service.strip()).matches()) {
      problems.put("service", "must be a service name: lower-case letters, digits and hyphens");
    }
    if (present(version) && !VERSION_PREFIX.matcher(version.strip()).matches()) {
      problems.put("version", "may hold letters, digits, dots, hyphens and underscores only");
    }
    Instant fromDay = day("from", from, problems);
    Instant toDay = day("to", to, problems);
    if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
      problems.put("to", "must not be before the from date");
    }
    int pageNumber = 0;
    if (present(page)) {
      try {
        pageNumber = Integer.parseInt(page.strip());
        if (pageNumber < 0 || pageNumber > 100_000) {
          problems.put("page", "must be between 0 and 100000");
        }
      } catch (NumberFormatException e) {
        problems.put("page", "must be a whole number");
      }
    }
    Filters filters = new Filters(status, service, from, to, version, pageNumber);
    model.addAttribute("filters", filters);
    model.addAttribute("problems", problems);
    model.addAttribute("statuses", ReleaseStatus.values());
    List<Row> rows = new ArrayList<>();
    long total = 0;
    if (problems.isEmpty()) {
      var result = releases.search(new Releases.Criteria(wanted, present(service) ? service.strip() : null, fromDay,
          toDay == null ? null : toDay.plusSeconds(86_400), pageNumber, PAGE_SIZE, null,
          present(version) ? version.strip() : null), countLimit(pageNumber) + 1);
      total = result.total();
      // one engine query for the current steps of every running release on the page
      Map<String, List<String>> steps = progress.currentSteps(result.items().stream()
          .filter(r -> !r.status().ended() && r.processInstanceId() != null).map(Release::processInstanceId).toList());
      for (Release r : result.items()) {
        rows.add(new Row(r.id(), r.version(), r.name(), r.services(), r.plannedStart(), r.requestedBy(), r.status(),
            r.hotfix(), r.status().ended() || r.processInstanceId() == null ? List.of()
                : steps.getOrDefault(r.processInstanceId(), List.of())));
      }
    } else {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    model.addAttribute("rows", rows);
    model.addAttribute("total", total);
    boolean atLeast = total > countLimit(pageNumber);
    model.addAttribute("atLeast", atLeast);
    model.addAttribute("countLimit", countLimit(pageNumber));
    model.addAttribute("pageNumber", pageNumber);
    model.addAttribute("pages", atLeast ? 0 : (total + PAGE_SIZE - 1) / PAGE_SIZE);
    model.addAttribute("previous", pageNumber > 0 ? filters.link(pageNumber - 1) : null);
    model.addAttribute("next", (long) (pageNumber + 1) * PAGE_SIZE < total ? filters.link(pageNumber + 1) : null);
    model.addAttribute("self", filters.link(pageNumber));
    return htmx != null ? "board :: rows" : "board";
  }

  /** How far the board counts for a page: the releases up to it and {@link #COUNT_UP_TO} beyond. */
  private static long countLimit(int pageNumber) {
    return (long) (pageNumber + 1) * PAGE_SIZE + COUNT_UP_TO;
  }

  private static Instant day(String name, String value, Map<String, String> problems) {
    if (!present(value)) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      problems.put(name, "must be a date such as 2026-03-31");
      return null;
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
