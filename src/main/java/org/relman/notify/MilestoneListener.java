package org.relman.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.approval.TaskOverdue;
import org.relman.deploy.DeploymentAction;
import org.relman.deploy.DeploymentFinished;
import org.relman.deploy.DeploymentStatus;
import org.relman.deploy.EnvironmentState;
import org.relman.deploy.EnvironmentStateChanged;
import org.relman.release.Release;
import org.relman.approval.ApprovalKinds;
import org.relman.release.ReleaseRequested;
import org.relman.release.ReleaseRescheduled;
import org.relman.release.ReleaseStatus;
import org.relman.release.ReleaseStatusChanged;
import org.relman.release.Releases;
import org.relman.review.Review;
import org.relman.review.Reviews;
import org.relman.task.TaskCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns the events features already publish (the audited ones) into notifications, queued in the outbox in the same
 * transaction: a milestone that rolls back sends nothing, one that commits is sent. Where each milestone comes from:
 * <ul>
 *   <li>{@code scheduled}: {@link ReleaseRequested} (the planned window) and {@link ReleaseRescheduled} (at a
 *       go/no-go RESCHEDULE, or a refused freeze exception that moves the start to the end of the freeze);</li>
 *   <li>{@code decided}: {@link TaskCompleted} of a {@code go-no-go} task (decision, reasoning, new start);</li>
 *   <li>{@code deployed}: {@link DeploymentFinished} of a deploy, succeeded or failed;</li>
 *   <li>{@code rolled-back}: {@link EnvironmentStateChanged} to {@code ROLLED_BACK}, and {@link ReleaseStatusChanged}
 *       to {@code ROLLED_BACK} (the release ended after its post-mortem);</li>
 *   <li>{@code completed}, {@code cancelled}: {@link ReleaseStatusChanged} to {@code COMPLETED}, {@code CANCELLED};</li>
 *   <li>{@code escalated}: {@link TaskOverdue}, a human step still open at its due time (escalated, then reminded),
 *       also e-mailed to the members of the task's candidate groups and of {@code relman.tasks.escalation-group}.</li>
 * </ul>
 */
@Component
class MilestoneListener {

  private static final Logger log = LoggerFactory.getLogger(MilestoneListener.class);
  private static final String GO_NO_GO = "go-no-go";

  private final NotificationRoutes routes;
  private final Deliveries deliveries;
  private final NotificationDispatcher dispatcher;
  private final Releases releases;
  private final Reviews reviews;
  private final RelmanProperties relman;
  private final NotificationProperties properties;
  private final Environment environment;
  private final Clock clock;
  private final org.operaton.bpm.engine.IdentityService identity;
  private final org.relman.task.TaskProperties tasks;

  MilestoneListener(NotificationRoutes routes, Deliveries deliveries, NotificationDispatcher dispatcher, Releases releases,
      Reviews reviews, RelmanProperties relman, NotificationProperties properties, Environment environment, Clock clock,
      org.operaton.bpm.engine.IdentityService identity, org.relman.task.TaskProperties tasks) {
    this.identity = identity;
    this.tasks = tasks;
    this.routes = routes;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.releases = releases;
    this.reviews = reviews;
    this.relman = relman;
    this.properties = properties;
    this.environment = environment;
    this.clock = clock;
  }

  @EventListener
  void requested(ReleaseRequested event) {
    safely(event, () -> requestedMilestone(event));
  }

  private void requestedMilestone(ReleaseRequested event) {
    Release r = event.release();
    Instant end = r.plannedStart().plus(relman.calendar().windowDuration());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Window", r.plannedStart() + " to " + end + (r.hotfix() ? " (hotfix: deploys as soon as it is approved)" : ""));
    details.put("Requested by", r.requestedBy());
    details.put("Changes", r.repository().url() + " " + r.repository().fromRef() + ".." + r.repository().toRef());
    details.put("Rollback plan", r.rollbackPlan() == null ? "none given" : r.rollbackPlan());
    queue(MilestoneEvent.SCHEDULED, r.id(), "scheduled for " + r.plannedStart(),
        (r.hotfix() ? "Hotfix " : "Release ") + r.version() + " was requested for " + r.plannedStart() + ".",
        null, r.requestedBy(), details);
  }

  @EventListener
  void rescheduled(ReleaseRescheduled event) {
    safely(event, () -> rescheduledMilestone(event));
  }

  private void rescheduledMilestone(ReleaseRescheduled event) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("New start", event.newStart().toString());
    details.put("Previous start", event.previousStart().toString());
    details.put("Reason", event.reason());
    queue(MilestoneEvent.SCHEDULED, event.releaseId(), "rescheduled to " + event.newStart(),
        "The planned start moved from " + event.previousStart() + " to " + event.newStart() + ".", null, event.by(), details);
  }

  @EventListener
  void decided(TaskCompleted event) {
    safely(event, () -> decidedMilestone(event));
  }

  private void decidedMilestone(TaskCompleted event) {
    if (!GO_NO_GO.equals(event.kind())) {
      return;
    }
    String decision = String.valueOf(event.fields().get("decision"));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Decision", decision);
    details.put("Reasoning", String.valueOf(event.fields().get("reasoning")));
    Object newStart = event.fields().get("newStart");
    if (newStart != null) {
      details.put("New start", newStart.toString());
    }
    String meaning = switch (decision) {
      case "GO" -> "It will be deployed from its planned start (a hotfix at once).";
      case "RESCHEDULE" -> "It goes back to the calendar check and asks for a new decision.";
      default -> "It will not be deployed.";
    };
    queue(MilestoneEvent.DECIDED, event.releaseId(), "go/no-go: " + decision + " by " + event.by(),
        event.by() + " decided " + decision + ". " + meaning, null, event.by(), details);
  }

  @EventListener
  void deployed(DeploymentFinished event) {
    safely(event, () -> deployedMilestone(event));
  }

  private void deployedMilestone(DeploymentFinished event) {
    if (event.deploymentAction() != DeploymentAction.DEPLOY) {
      return;
    }
    boolean ok = event.status() == DeploymentStatus.SUCCEEDED;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Deployment", event.deploymentId());
    details.put("Result", event.status().name() + (event.exitCode() == null ? "" : " (exit code " + event.exitCode() + ")"));
    if (!ok) {
      details.put("Reason", event.failureReason());
    }
    String where = environmentLabel(MilestoneEvent.DEPLOYED, event.releaseId(), event.environment());
    queue(MilestoneEvent.DEPLOYED, event.releaseId(), ok ? "deployed to " + where : "deploy to " + where + " FAILED",
        ok ? "The deploy to " + where + " succeeded; verification and monitoring follow."
            : "The deploy to " + where + " failed; the environment is being rolled back.",
        event.environment(), event.actor(), details);
  }

  @EventListener
  void environmentRolledBack(EnvironmentStateChanged event) {
    safely(event, () -> environmentRolledBackMilestone(event));
  }

  private void environmentRolledBackMilestone(EnvironmentStateChanged event) {
    if (event.to() != EnvironmentState.ROLLED_BACK) {
      return;
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Reason", event.reason() == null ? "not recorded" : event.reason());
    String where = environmentLabel(MilestoneEvent.ROLLED_BACK, event.releaseId(), event.environment());
    queue(MilestoneEvent.ROLLED_BACK, event.releaseId(), "rolled back in " + where,
        where + " runs the previous version again. A post-mortem is due.", event.environment(), event.actor(), details);
  }

  @EventListener
  void ended(ReleaseStatusChanged event) {
    safely(event, () -> endedMilestone(event));
  }

  private void endedMilestone(ReleaseStatusChanged event) {
    if (event.to() == ReleaseStatus.COMPLETED) {
      Map<String, String> details = new LinkedHashMap<>();
      reviews.latest(event.releaseId()).ifPresent(review -> review(review, details));
      queue(MilestoneEvent.COMPLETED, event.releaseId(), "completed",
          "The release is deployed to every environment and reviewed.", null, reviewer(event.releaseId()), details);
    } else if (event.to() == ReleaseStatus.CANCELLED) {
      Release r = releases.find(event.releaseId()).orElseThrow();
      Map<String, String> details = new LinkedHashMap<>();
      details.put("Reason", r.cancelReason() == null ? "not recorded" : r.cancelReason());
      String by = r.cancelledBy() == null ? event.actor() : r.cancelledBy();
      queue(MilestoneEvent.CANCELLED, event.releaseId(), "cancelled by " + by, "The release was cancelled by " + by
          + " and will not be deployed" + (event.from() == ReleaseStatus.DEPLOYING || event.from() == ReleaseStatus.MONITORING
          ? " further" : "") + ".", null, by, details);
    } else if (event.to() == ReleaseStatus.ROLLED_BACK) {
      Map<String, String> details = new LinkedHashMap<>();
      reviews.latest(event.releaseId()).ifPresent(review -> review(review, details));
      queue(MilestoneEvent.ROLLED_BACK, event.releaseId(), "ended ROLLED_BACK",
          "The release ended rolled back; the post-mortem is written.", null, reviewer(event.releaseId()), details);
    }
  }

  @EventListener
  void escalated(TaskOverdue event) {
    safely(event, () -> escalatedMilestone(event));
  }

  private void escalatedMilestone(TaskOverdue event) {
    String groups = String.join(", ", event.groups());
    Map<String, String> details = new LinkedHashMap<>();
    String what = ApprovalKinds.approvalOf(event.kind()).map(a -> event.kind() + " approval").orElse(event.kind() + " task");
    details.put("Task", event.taskName() + " (" + event.kind() + ")");
    details.put("Overdue since", event.overdueSince());
    details.put("Notified groups", groups);
    details.put("Reminder", event.reminder() + " of " + relmanTasksReminders());
    details.put("Open it", "/api/tasks/" + event.taskId());
    String headline = event.escalation() ? event.kind() + " overdue, escalated"
        : event.kind() + " still overdue, reminder " + event.reminder();
    queue(MilestoneEvent.ESCALATED, event.releaseId(), headline,
        "The " + what + " \"" + event.taskName() + "\" is overdue since " + event.overdueSince() + ". It stays open"
            + (event.escalation() ? " and now comes first in the task list of " + groups : " in the task list of " + groups)
            + ".", null, event.actor(), details, members(event.groups()));
  }

  private int relmanTasksReminders() {
    return tasks.reminders();
  }

  /** The e-mail addresses of the members of these groups, as the identity service knows them. */
  private List<String> members(List<String> groups) {
    if (!routes.mailConfigured()) {
      return List.of();
    }
    java.util.Set<String> addresses = new java.util.TreeSet<>();
    for (String group : groups) {
      identity.createUserQuery().memberOfGroup(group).list().stream().map(org.operaton.bpm.engine.identity.User::getEmail)
          .filter(email -> email != null && !email.isBlank()).forEach(email -> addresses.add(email.strip()));
    }
    // the outbox keeps one e-mail's recipients in 4000 characters: a group that large needs a mailing list instead
    List<String> kept = new java.util.ArrayList<>();
    int length = 0;
    for (String address : addresses) {
      length += address.length() + 1;
      if (length > 3000) {
        log.warn("Overdue task: {} members' addresses left out; route 'escalated' to a mailing list", addresses.size() - kept.size());
        break;
      }
      kept.add(address);
    }
    return kept;
  }

  /**
   * A notification must never fail its milestone: a bug composing it is logged and the notification dropped. A
   * database failure is not swallowed: the milestone's own statements would fail just the same.
   */
  private static void safely(Object event, Runnable compose) {
    try {
      compose.run();
    } catch (org.springframework.dao.DataAccessException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("Could not compose the notification for {}; it is not sent", event, e);
    }
  }

  private void queue(MilestoneEvent event, long releaseId, String headline, String summary, String env, String actor,
      Map<String, String> details) {
    queue(event, releaseId, headline, summary, env, actor, details, List.of());
  }

  /** {@code alsoMail}: addresses that get the e-mail besides the milestone's recipients (members of a group). */
  private void queue(MilestoneEvent event, long releaseId, String headline, String summary, String env, String actor,
      Map<String, String> details, List<String> alsoMail) {
    List<NotificationRoutes.Target> targets = new java.util.ArrayList<>(routes.targets(event));
    if (targets.isEmpty()) {
      return;
    }
    if (!alsoMail.isEmpty()) {
      java.util.Set<String> recipients = new java.util.LinkedHashSet<>();
      targets.stream().filter(t -> t.channel() == Channel.EMAIL).forEach(t -> recipients.addAll(List.of(t.address().split(","))));
      targets.removeIf(t -> t.channel() == Channel.EMAIL);
      recipients.addAll(alsoMail);
      targets.add(0, new NotificationRoutes.Target(Channel.EMAIL, String.join(",", recipients)));
    }
    Release release = releases.find(releaseId).orElseThrow();
    String subject = (prefix() + release.version() + " " + headline).strip();
    String body = body(release, event, summary, env, actor, details);
    Instant now = Db.now(clock);
    for (NotificationRoutes.Target target : targets) {
      deliveries.queue(releaseId, event, target, subject, body, now);
    }
    wakeAfterCommit();
  }

  private String body(Release r, MilestoneEvent event, String summary, String env, String actor, Map<String, String> details) {
    StringBuilder text = new StringBuilder(summary).append("\n\n");
    line(text, "Release", r.version() + (r.name() == null ? "" : " (" + r.name() + ")") + (r.hotfix() ? ", hotfix" : ""));
    line(text, "Services", String.join(", ", r.services()));
    line(text, "Event", event.key());
    if (env != null) {
      line(text, "Environment", env);
    }
    line(text, "By", actor == null ? "relman" : actor);
    line(text, "Status", r.status().name());
    line(text, "Planned start", r.plannedStart().toString());
    details.forEach((name, value) -> line(text, name, value));
    line(text, "Link", link(r.id()));
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(name).append(": ").append(value == null ? "" : value.strip().replace("\n", "\n  ")).append('\n');
  }

  private static void review(Review review, Map<String, String> details) {
    details.put(review.kind().equals("post-mortem") ? "Post-mortem" : "Review", review.summary());
    if (review.rootCause() != null) {
      details.put("Root cause", review.rootCause());
    }
    if (review.followUps() != null && !review.followUps().isBlank()) {
      details.put("Follow-ups", review.followUps());
    }
  }

  private String reviewer(long releaseId) {
    return reviews.latest(releaseId).map(Review::by).orElse("relman");
  }

  private String environmentLabel(MilestoneEvent event, long releaseId, String env) {
    if (routes.targets(event).isEmpty()) {
      return env; // nothing will be sent: spare the query
    }
    return releases.find(releaseId).filter(r -> r.productionEnvironment().equals(env)).map(r -> env + " (production)")
        .orElse(env);
  }

  private String prefix() {
    String prefix = properties.email().subjectPrefix();
    return prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ";
  }

  /** The release's page as the people notified can follow it: relman.public-url, else this node. */
  private String link(long releaseId) {
    String base = relman.publicUrl();
    if (base == null || base.isBlank()) {
      base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }
    return base.replaceAll("/+$", "") + "/releases/" + releaseId;
  }

  private void wakeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          dispatcher.wake();
        }
      });
    } else {
      dispatcher.wake();
    }
  }
}
