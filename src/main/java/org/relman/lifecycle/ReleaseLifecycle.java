package org.relman.lifecycle;

import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.relman.process.BusinessKey;
import org.relman.process.LifecycleHooks;
import org.relman.release.Release;
import org.relman.release.ReleaseStatus;
import org.relman.release.Releases;
import org.relman.shared.Db;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** What the lifecycle model does to a release as it runs: start it, and move its status. */
@Component
class ReleaseLifecycle implements LifecycleHooks {

  private static final Set<String> STATUSES = Arrays.stream(ReleaseStatus.values()).map(Enum::name)
      .collect(Collectors.toUnmodifiableSet());

  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  ReleaseLifecycle(Releases releases, ApplicationEventPublisher events, Clock clock) {
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Set<String> statuses() {
    return STATUSES;
  }

  @Override
  public void statusReached(long releaseId, String status) {
    Release release = releases.lock(releaseId).orElseThrow();
    release.enter(ReleaseStatus.valueOf(status), Db.now(clock)).ifPresent(change -> {
      releases.save(release);
      events.publishEvent(change);
    });
  }

  /**
   * A process instance may only start for a release that was just requested through the API, never by hand from
   * Cockpit, Tasklist or {@code /engine-rest}: the release's data lives in relman's tables, not in the process.
   */
  @Override
  public void starting(String businessKey, boolean called) {
    long releaseId;
    try {
      releaseId = BusinessKey.releaseId(businessKey);
    } catch (BusinessKey.NotARelease e) {
      throw notStartable(businessKey);
    }
    Release release = releases.find(releaseId).orElseThrow(() -> notStartable(businessKey));
    // gates and promotion are called by a release's lifecycle, under its business key
    if (!called && (release.processInstanceId() != null || release.status() != ReleaseStatus.PLANNING)) {
      throw notStartable(businessKey);
    }
  }

  private static IllegalStateException notStartable(String businessKey) {
    return new IllegalStateException("A release lifecycle starts only through POST /api/releases (business key '"
        + businessKey + "' is not a newly requested release)");
  }
}
