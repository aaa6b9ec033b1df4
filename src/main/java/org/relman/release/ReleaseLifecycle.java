package org.relman.release;

import java.time.Clock;

import org.relman.shared.Db;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** What the lifecycle model does to a release as it runs: start it, and move its status. */
@Component
public class ReleaseLifecycle {

  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  ReleaseLifecycle(Releases releases, ApplicationEventPublisher events, Clock clock) {
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  /** Called when the model enters an element carrying {@code relman.status}. */
  public void enter(String businessKey, ReleaseStatus status) {
    Release release = releases.lock(releaseId(businessKey)).orElseThrow();
    release.enter(status, Db.now(clock)).ifPresent(change -> {
      releases.save(release);
      events.publishEvent(change);
    });
  }

  /**
   * A process instance may only start for a release that was just requested through the API, never by hand from
   * Cockpit, Tasklist or {@code /engine-rest}: the release's data lives in relman's tables, not in the process.
   */
  public void checkStart(String businessKey, boolean calledByAnotherProcess) {
    if (calledByAnotherProcess) {
      // gates and promotion are called by a release's lifecycle, under its business key
      releases.find(releaseId(businessKey)).orElseThrow(() -> notStartable(businessKey));
      return;
    }
    Release release = releases.find(releaseId(businessKey)).orElseThrow(() -> notStartable(businessKey));
    if (release.processInstanceId() != null || release.status() != ReleaseStatus.PLANNING) {
      throw notStartable(businessKey);
    }
  }

  private static long releaseId(String businessKey) {
    try {
      return Long.parseLong(businessKey);
    } catch (NumberFormatException | NullPointerException e) {
      throw notStartable(businessKey);
    }
  }

  private static IllegalStateException notStartable(String businessKey) {
    return new IllegalStateException("A release lifecycle starts only through POST /api/releases (business key '"
        + businessKey + "' is not a newly requested release)");
  }
}
