package org.relman.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code relman wait}: polls {@code GET /api/releases/<id>} until the release gets where the CI step needs it, it can
 * no longer get there, or the time is up; the exit code says which (0, 6, 5). What to wait for:
 * <ul>
 *   <li>{@code go}: a release manager decided GO (the release moved on to SCHEDULED or further); never once it is
 *       CANCELLED. GO is a decision, not a status;</li>
 *   <li>{@code status:<STATUS>}: the release is in that status (API.md's statuses); never once it ended in another;</li>
 *   <li>{@code completed}: {@code status:COMPLETED}.</li>
 * </ul>
 * relman being unreachable or answering 5xx meanwhile is logged and polled through until the timeout; a 4xx ends the
 * wait at once (exit 3).
 */
final class WaitCommand {

  static final Set<String> OPTIONS = Set.of("release", "version", "for", "timeout", "interval");

  static final List<String> STATUSES = List.of("PLANNING", "GATING", "AWAITING_APPROVAL", "SCHEDULED", "DEPLOYING",
      "MONITORING", "IN_REVIEW", "COMPLETED", "ROLLED_BACK", "CANCELLED", "ROLLBACK_FAILED");
  private static final Set<String> ENDED = Set.of("COMPLETED", "ROLLED_BACK", "CANCELLED");
  /** Statuses a release reaches only after a GO. */
  private static final Set<String> AFTER_GO = Set.of("SCHEDULED", "DEPLOYING", "MONITORING", "IN_REVIEW", "COMPLETED",
      "ROLLED_BACK", "ROLLBACK_FAILED");

  /** Where a poll found the release. */
  enum Verdict { REACHED, NOT_YET, NEVER }

  private WaitCommand() {}

  static int run(Relman.Context context) {
    Args args = context.args();
    ReleaseRef release = ReleaseRef.of(args);
    String target = target(args.required("for", "go, completed or status:<STATUS>"));
    Duration timeout = args.duration("timeout", Duration.ofMinutes(30));
    Duration interval = args.duration("interval", Duration.ofSeconds(10));
    Client client = context.client();
    long id = release.id(client);
    Instant deadline = context.clock().instant().plus(timeout);
    String last = null;
    String lastProblem = null;
    while (true) {
      Client.Response response = client.get("/api/releases/" + id);
      if (response.status() / 100 == 4) {
        Client.expectOk(response, "reading release " + id);
      }
      if (response.ok()) {
        Object view = response.json();
        String status = Json.text(view, "status");
        String seen = status + " " + Json.list(view, "currentSteps");
        if (!seen.equals(last)) {
          context.err().println("release " + id + ": " + status + " " + Json.list(view, "currentSteps"));
          last = seen;
        }
        lastProblem = null;
        Verdict verdict = verdict(target, view);
        if (verdict == Verdict.REACHED) {
          context.out().println(status);
          return Exit.OK.code;
        }
        if (verdict == Verdict.NEVER) {
          throw Exit.NEVER.fail("release " + id + " is " + status + ": it can no longer reach " + describe(target)
              + reason(view));
        }
      } else {
        lastProblem = Client.problem(response);
        context.err().println("release " + id + ": " + lastProblem + " (polling on)");
      }
      Instant now = context.clock().instant();
      if (!now.isBefore(deadline)) {
        throw Exit.TIMEOUT.fail("release " + id + " did not reach " + describe(target) + " within " + timeout
            + (last == null ? "" : "; last seen " + last) + (lastProblem == null ? "" : "; last answer: " + lastProblem));
      }
      Duration pause = interval.compareTo(Duration.between(now, deadline)) < 0 ? interval : Duration.between(now, deadline);
      context.sleeper().sleep(pause);
    }
  }

  /** {@code go}, {@code completed} or {@code status:<STATUS>}, checked before anything is sent. */
  static String target(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("go")) {
      return "go";
    }
    if (v.equalsIgnoreCase("completed")) {
      return "status:COMPLETED";
    }
    if (v.toLowerCase(Locale.ROOT).startsWith("status:")) {
      String status = v.substring("status:".length()).strip().toUpperCase(Locale.ROOT);
      if (STATUSES.contains(status)) {
        return "status:" + status;
      }
    }
    throw Exit.USAGE.fail("--for must be go, completed or status:<STATUS> with STATUS one of " + STATUSES + ", got '"
        + value + "'");
  }

  static Verdict verdict(String target, Object view) {
    String status = Json.text(view, "status");
    if (target.equals("go")) {
      if (AFTER_GO.contains(status) || "GO".equals(lastGoNoGo(view))) {
        return Verdict.REACHED;
      }
      return ENDED.contains(status) ? Verdict.NEVER : Verdict.NOT_YET;
    }
    String wanted = target.substring("status:".length());
    if (wanted.equals(status)) {
      return Verdict.REACHED;
    }
    return ENDED.contains(status) ? Verdict.NEVER : Verdict.NOT_YET;
  }

  /** The latest go/no-go decision of the release (GO, RESCHEDULE, CANCEL), or null before the first. */
  private static String lastGoNoGo(Object view) {
    String decision = null;
    String at = null;
    for (Object approval : Json.list(view, "approvals")) {
      String when = Json.text(approval, "at");
      if ("go-no-go".equals(Json.text(approval, "kind")) && (at == null || when != null && when.compareTo(at) >= 0)) {
        decision = Json.text(approval, "decision");
        at = when;
      }
    }
    return decision;
  }

  private static String describe(String target) {
    return target.equals("go") ? "a GO decision" : target.substring("status:".length());
  }

  private static String reason(Object view) {
    String cancel = Json.text(view, "cancelReason");
    return cancel == null ? "" : " (" + cancel + ")";
  }
}
