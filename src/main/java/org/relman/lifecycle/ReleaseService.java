package org.relman.lifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.operaton.bpm.engine.MismatchingMessageCorrelationException;
import org.operaton.bpm.engine.RuntimeService;
import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.change.GitRepositories;
import org.relman.deploy.Deployments;
import org.relman.process.BusinessKey;
import org.relman.release.Release;
import org.relman.release.ReleaseCancelled;
import org.relman.release.ReleaseRequested;
import org.relman.release.Releases;
import org.relman.shared.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotFound;
import org.relman.shared.StateConflict;
import org.relman.shared.InvalidInput;
import org.relman.shared.ServiceScope;

/** Requesting and cancelling releases: each one transaction, checked completely before anything is written. */
@Service
public class ReleaseService {

  /** The key of {@code bpmn/release.bpmn}. */
  public static final String LIFECYCLE = "release";
  /** The key of {@code bpmn/hotfix.bpmn}. */
  public static final String HOTFIX_LIFECYCLE = "hotfix";
  /**
   * The variable every human step's name shows ({@code Decide go/no-go: ${releaseLabel}}), so a task list with twenty
   * releases tells their tasks apart: the services and the version, {@code payments 2.4.0}.
   */
  public static final String RELEASE_LABEL = "releaseLabel";
  /** The message the "Cancel requested" event subprocess waits for. */
  public static final String CANCEL_MESSAGE = "cancel-release";

  private final Releases releases;
  private final Deployments deployments;
  private final GitRepositories git;
  private final RuntimeService runtime;
  private final RelmanProperties properties;
  private final ApplicationEventPublisher events;
  private final ObjectMapper json;
  private final Clock clock;

  ReleaseService(Releases releases, Deployments deployments, GitRepositories git, RuntimeService runtime,
      RelmanProperties properties, ApplicationEventPublisher events, ObjectMapper json, Clock clock) {
    this.releases = releases;
    this.deployments = deployments;
    this.git = git;
    this.runtime = runtime;
    this.properties = properties;
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What is wrong with a request beyond its fields' own constraints: a service listed twice, facts the risk policy
   * cannot read, refs a local repository does not have. Fields that are null (absent, or not readable) are left to
   * whoever reports them, so this runs on a partly bound request too and one answer names every problem.
   */
  public List<FieldProblem> problems(ReleaseRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    var seen = new HashSet<String>();
    for (String service : request.services() == null ? List.<String>of() : request.services()) {
      if (service != null && !seen.add(service)) {
        problems.add(new FieldProblem("services", "lists '" + service + "' twice"));
      }
    }
    if (request.facts() != null) {
      request.facts().forEach((key, value) -> {
        if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          problems.add(new FieldProblem("facts." + key, "must be a string, number, boolean or null"));
        } else if ("openCriticalBugs".equals(key) && value != null && !isCount(value)) {
          // the risk policy counts it: "3" or 2.5 must not silently become 0
          problems.add(new FieldProblem("facts.openCriticalBugs", "must be a whole number of at least 0, got " + value));
        }
      });
    }
    var repository = request.repository();
    if (repository != null && notBlank(repository.url()) && notBlank(repository.fromRef()) && notBlank(repository.toRef())) {
      problems.addAll(git.check(repository.url().strip(), repository.fromRef(), repository.toRef()));
    }
    return problems;
  }

  @Transactional
  public Release request(ReleaseRequest request, String requester) {
    List<FieldProblem> problems = problems(request);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    ServiceScope.check(request.services(), "requesting release " + request.version());
    var repository = request.repository();
    if (releases.versionTaken(request.version())) {
      throw new StateConflict("A release with version " + request.version() + " already exists");
    }
    boolean hotfix = Boolean.TRUE.equals(request.hotfix());
    Release release;
    try {
      release = releases.insert(new Releases.NewRelease(request.version(), blankToNull(request.name()), request.services(),
          properties.environments().stream().map(RelmanProperties.Environment::name).toList(), requester, Db.now(clock),
          request.plannedStart(), hotfix, blankToNull(request.rollbackPlan()), facts(request.facts()),
          new Release.Repository(repository.url().strip(), repository.fromRef(), repository.toRef())));
    } catch (DuplicateKeyException e) {
      throw new StateConflict("A release with version " + request.version() + " already exists");
    }
    // the features prepare what the release needs (its gates, say) in this transaction, before the lifecycle starts
    events.publishEvent(new ReleaseRequested(release));
    String processInstanceId = runtime.startProcessInstanceByKey(hotfix ? HOTFIX_LIFECYCLE : LIFECYCLE, BusinessKey.of(release.id()),
        Map.of("releaseVersion", release.version(), RELEASE_LABEL, label(release))).getId();
    Release started = releases.lock(release.id()).orElseThrow();
    started.startedAs(processInstanceId);
    releases.save(started);
    return started;
  }

  /** What a task's name calls the release: its services and version, {@code payments, ledger 2026.12.0}. */
  static String label(Release release) {
    String services = String.join(", ", release.services());
    return (services.length() > 80 ? services.substring(0, 77) + "..." : services) + " " + release.version();
  }

  @Transactional
  public Release cancel(long id, String reason, String by) {
    Release release = releases.lock(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist"));
    ServiceScope.check(release.services(), "cancelling release " + release.version());
    if (release.status().ended()) {
      throw new StateConflict("Release " + release.version() + " has already ended " + release.status());
    }
    if (deployments.started(id, release.productionEnvironment())) {
      throw new StateConflict("Deployment of release " + release.version() + " to " + release.productionEnvironment()
          + " (production) has started: it can no longer be cancelled; a failed deployment is rolled back");
    }
    release.stop(reason.strip(), by);
    releases.save(release);
    events.publishEvent(new ReleaseCancelled(id, by, reason.strip()));
    try {
      runtime.createMessageCorrelation(CANCEL_MESSAGE).processInstanceId(release.processInstanceId()).correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      throw new StateConflict("Release " + release.version() + " cannot be cancelled at its current step");
    }
    return releases.find(id).orElseThrow();
  }

  private static boolean isCount(Object value) {
    return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0;
  }

  private String facts(Map<String, Object> facts) {
    if (facts == null || facts.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw InvalidInput.of("facts", "cannot be stored: " + e.getOriginalMessage());
    }
  }

  private static boolean notBlank(String text) {
    return text != null && !text.isBlank();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
