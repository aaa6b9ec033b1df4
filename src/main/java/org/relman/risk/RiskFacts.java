package org.relman.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.RelmanProperties;
import org.relman.calendar.ReleaseCalendar;
import org.relman.change.Changes;
import org.relman.change.FileChange;
import org.relman.gate.Gate;
import org.relman.gate.Gates;
import org.relman.metrics.ChangeFailureRate;
import org.relman.release.Release;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * Gathers what the risk policy decides on, from relman's own records: the change set's size and the sensitive paths
 * it touches, the CI gates' test results, the release's own facts (open critical bugs), its deployment window, calendar
 * conflicts, and the services' recent change-failure rate (DORA's definition, {@link ChangeFailureRate}, over
 * {@code relman.risk.history-window}).
 *
 * <p>Zero history is not "risk-free": with no production deployment of the services in the history window there is no
 * failure rate to speak of ({@code changeFailureRate} is 0 and {@code productionDeployments} is 0); the policy treats
 * an unknown track record as a risk of its own for anything but small changes.
 */
@Component
class RiskFacts {

  private final Changes changes;
  private final Gates gates;
  private final ReleaseCalendar calendar;
  private final ChangeFailureRate changeFailures;
  private final RelmanProperties properties;
  private final ObjectMapper json;
  private final Clock clock;
  private final AntPathMatcher paths = new AntPathMatcher();

  RiskFacts(Changes changes, Gates gates, ReleaseCalendar calendar, ChangeFailureRate changeFailures,
      RelmanProperties properties, ObjectMapper json, Clock clock) {
    this.changes = changes;
    this.gates = gates;
    this.calendar = calendar;
    this.changeFailures = changeFailures;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
  }

  /** The facts relman supplies to the risk policy: what an input of the decision table may read. */
  static final List<String> NAMES = List.of("commits", "filesChanged", "linesChanged", "sensitivePaths", "sensitiveFiles",
      "testsFailed", "coverage", "openCriticalBugs", "outsideBusinessHours", "conflicts", "productionDeployments",
      "changeFailureRate", "hotfix", "rollbackPlan");

  Map<String, Object> of(Release release) {
    Map<String, Object> facts = new LinkedHashMap<>();
    List<FileChange> files = changes.files(release.id());
    facts.put("commits", changes.count(release.id()));
    facts.put("filesChanged", files.size());
    facts.put("linesChanged", files.stream().mapToInt(f -> f.added() + f.deleted()).sum());
    // a file moved out of a sensitive place touches it as much as one changed in it
    List<String> sensitive = files.stream().flatMap(file -> file.paths().stream())
        .filter(path -> properties.risk().sensitivePaths().stream().anyMatch(glob -> paths.match(glob, path)))
        .distinct().toList();
    facts.put("sensitivePaths", sensitive.size());
    facts.put("sensitiveFiles", sensitive.stream().limit(20).toList());
    List<Gate> gateResults = gates.list(release.id());
    facts.put("testsFailed", gateResults.stream().mapToInt(g -> g.testsFailed() == null ? 0 : g.testsFailed()).sum());
    facts.put("coverage", gateResults.stream().filter(g -> g.coverage() != null)
        .mapToDouble(g -> g.coverage().doubleValue()).min().stream().boxed().findFirst().orElse(null));
    facts.put("openCriticalBugs", releaseFact(release, "openCriticalBugs"));
    facts.put("outsideBusinessHours", outsideBusinessHours(release.plannedStart()));
    facts.put("conflicts", calendar.conflictsOf(release).size());
    // DORA's definition (GET /api/metrics/dora), over the release's services and relman.risk.history-window
    Instant now = clock.instant();
    ChangeFailureRate.Count history = changeFailures.of(release.services(), now.minus(properties.risk().historyWindow()),
        now.plusSeconds(1), release.id());
    facts.put("productionDeployments", history.deployments());
    facts.put("changeFailureRate", history.rate());
    facts.put("hotfix", release.hotfix());
    facts.put("rollbackPlan", release.rollbackPlan() != null);
    return facts;
  }

  /** Whether any of the deployment window (planned start plus the window duration) falls outside business hours. */
  private boolean outsideBusinessHours(Instant start) {
    var hours = properties.risk().businessHours();
    ZonedDateTime from = start.atZone(hours.zone());
    ZonedDateTime to = start.plus(properties.calendar().windowDuration()).atZone(hours.zone());
    boolean workday = hours.days().contains(from.getDayOfWeek()) && from.toLocalDate().equals(to.toLocalDate());
    boolean inHours = !from.toLocalTime().isBefore(hours.start()) && !to.toLocalTime().isAfter(hours.end());
    return !(workday && inHours);
  }

  private int releaseFact(Release release, String name) {
    if (release.factsJson() == null) {
      return 0;
    }
    try {
      Map<String, Object> facts = json.readValue(release.factsJson(), new TypeReference<Map<String, Object>>() {});
      Object value = facts.get(name);
      return value instanceof Number number ? number.intValue() : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
