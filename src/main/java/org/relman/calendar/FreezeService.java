package org.relman.calendar;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import jakarta.validation.Validator;
import org.relman.shared.Db;
import org.relman.shared.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotFound;
import org.relman.shared.InvalidInput;

/**
 * Declaring and lifting freeze windows, checked completely before anything is stored, and audited. The API and the
 * calendar page both create freezes here, so both apply the same rules: the request's constraints and the checks below.
 */
@Service
public class FreezeService {

  private static final Duration LONGEST_OCCURRENCE = Duration.ofDays(31);

  private final Freezes freezes;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Validator validator;

  FreezeService(Freezes freezes, ApplicationEventPublisher events, Clock clock, Validator validator) {
    this.freezes = freezes;
    this.events = events;
    this.clock = clock;
    this.validator = validator;
  }

  /**
   * What is wrong with a freeze beyond its fields' own constraints: one-off and recurring at once or neither, an end
   * before the start, a cron, duration or zone that does not parse, a service listed twice. Null fields (absent, or not
   * readable) are left to whoever reports them, so this runs on a partly bound request too and one answer names every
   * problem.
   */
  List<FieldProblem> problems(FreezeRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    check(request, problems);
    return problems;
  }

  private static Freeze.Recurrence check(FreezeRequest request, List<FieldProblem> problems) {
    boolean oneOff = request.start() != null || request.end() != null;
    Freeze.Recurrence recurrence = null;
    if (oneOff && request.recurrence() != null) {
      problems.add(new FieldProblem("recurrence", "a freeze is either one-off (start, end) or recurring, not both"));
    } else if (!oneOff && request.recurrence() == null) {
      problems.add(new FieldProblem("start", "is required: give start and end, or a recurrence"));
    } else if (oneOff) {
      if (request.start() == null) {
        problems.add(new FieldProblem("start", "is required with end"));
      } else if (request.end() == null) {
        problems.add(new FieldProblem("end", "is required with start"));
      } else if (!request.end().isAfter(request.start())) {
        problems.add(new FieldProblem("end", "must be after start (" + request.start() + ")"));
      }
    } else {
      recurrence = recurrence(request.recurrence(), problems);
    }
    var seen = new HashSet<String>();
    for (String service : request.services() == null ? List.<String>of() : request.services()) {
      if (service != null && !seen.add(service)) {
        problems.add(new FieldProblem("services", "lists '" + service + "' twice"));
      }
    }
    return recurrence;
  }

  /**
   * Every problem of the request: its own constraints (the API has checked them already while reading the body; the
   * calendar page has not) and the checks of {@link #problems}, sorted by field.
   */
  public List<FieldProblem> validate(FreezeRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    // Bean Validation's path of a list element ("services[1].<list element>") as the API names it
    validator.validate(request).forEach(v -> problems.add(new FieldProblem(
        v.getPropertyPath().toString().replaceAll("\\.<[^>]+>", ""), v.getMessage())));
    check(request, problems);
    return problems.stream().distinct().sorted(java.util.Comparator.comparing(FieldProblem::field)).toList();
  }

  /** Stores the freeze, or throws one {@link InvalidInput} naming every problem {@link #validate} finds. */
  @Transactional
  public Freeze create(FreezeRequest request, String by) {
    List<FieldProblem> problems = validate(request);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    Freeze.Recurrence recurrence = check(request, new ArrayList<>());
    List<String> services = request.services() == null ? List.of() : request.services();
    Freeze freeze = freezes.insert(request.name().strip(), request.start(), request.end(), recurrence, services, by,
        Db.now(clock));
    events.publishEvent(new FreezeCreated(freeze));
    return freeze;
  }

  @Transactional
  public void delete(long id, String by) {
    Freeze freeze = freezes.find(id).orElseThrow(() -> new NotFound("Freeze " + id + " does not exist"));
    freezes.delete(id, by, Db.now(clock));
    events.publishEvent(new FreezeDeleted(id, freeze.name(), by));
  }

  /** Whether two of the next firings are less than an hour apart (seconds or minutes fields that repeat). */
  private static boolean firesMoreOftenThanHourly(CronExpression cron) {
    java.time.LocalDateTime at = java.time.LocalDateTime.of(2030, 1, 1, 0, 0);
    java.time.LocalDateTime previous = cron.next(at);
    for (int i = 0; i < 50 && previous != null; i++) {
      java.time.LocalDateTime next = cron.next(previous);
      if (next != null && Duration.between(previous, next).compareTo(Duration.ofHours(1)) < 0) {
        return true;
      }
      previous = next;
    }
    return false;
  }

  private static Freeze.Recurrence recurrence(FreezeRequest.Recurrence given, List<FieldProblem> problems) {
    // a blank part is reported as required; each given part is checked, whatever the others are
    CronExpression cron = isBlank(given.cron()) ? null : cron(given.cron(), problems);
    Duration duration = isBlank(given.duration()) ? null : duration(given.duration(), problems);
    ZoneId zone = null;
    if (!isBlank(given.zone())) {
      try {
        zone = ZoneId.of(given.zone().strip());
      } catch (DateTimeException e) {
        problems.add(new FieldProblem("recurrence.zone", "'" + given.zone() + "' is not a time zone such as Europe/Berlin"));
      }
    }
    return cron == null || duration == null || zone == null ? null : new Freeze.Recurrence(given.cron().strip(), duration, zone);
  }

  private static CronExpression cron(String given, List<FieldProblem> problems) {
    try {
      CronExpression cron = CronExpression.parse(given.strip());
      if (firesMoreOftenThanHourly(cron)) {
        problems.add(new FieldProblem("recurrence.cron", "'" + given + "' starts a freeze more often than once an"
            + " hour; a freeze recurs daily or weekly, e.g. \"0 0 18 * * FRI\""));
      }
      return cron;
    } catch (IllegalArgumentException e) {
      problems.add(new FieldProblem("recurrence.cron", "'" + given + "' is not a cron expression (Spring syntax,"
          + " six fields with seconds first, e.g. \"0 0 18 * * FRI\"): " + e.getMessage()));
      return null;
    }
  }

  private static Duration duration(String given, List<FieldProblem> problems) {
    try {
      Duration duration = Duration.parse(given.strip());
      if (duration.isNegative() || duration.isZero()) {
        problems.add(new FieldProblem("recurrence.duration", "must be positive"));
      } else if (duration.compareTo(LONGEST_OCCURRENCE) > 0) {
        problems.add(new FieldProblem("recurrence.duration", "must be at most " + LONGEST_OCCURRENCE.toDays() + " days"));
      }
      return duration;
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem("recurrence.duration", "'" + given + "' is not an ISO-8601 duration such as PT62H"));
      return null;
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
